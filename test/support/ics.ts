import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dist } from './paths';
import { spawnNode } from './processes';

export interface ParsedVEvent {
  uid: string;
  summary: string;
  start: string;
  end: string;
  location: string | null;
  description: string | null;
}

/** Parses a calendar with node-ical (an independent parser) in a child process: node-ical needs ESM, which Jest cannot load. */
export async function parseIcs(text: string): Promise<ParsedVEvent[]> {
  const dir = mkdtempSync(join(tmpdir(), 'plenary-ics-'));
  try {
    const file = join(dir, 'agenda.ics');
    writeFileSync(file, text);
    const parser = spawnNode(dist('test', 'support', 'parse-ics.js'), [file]);
    const [, json] = await parser.waitFor(/^VEVENTS (.*)$/, 30_000);
    return JSON.parse(json) as ParsedVEvent[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
