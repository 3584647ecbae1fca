/**
 * Issue 18's documents, made as the server makes them. Badges: an A4 sheet of 1,000 badges with photos,
 * next to pdfkit writing the same number of pages of plain text, each in a process of its own (its peak
 * RSS is its own); then 500 and 2,000 badges, to show that memory does not grow with the count (the sheet
 * is streamed). Prints time, size and peak RSS of each; then a sheet of 1,000 through the real server, with
 * /health's p99 meanwhile (badge-sheet-server.ts). No timing assertions.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { badgeSheetThroughServer } from './badge-sheet-server';

export const description =
  'A4 badge sheets of 500, 1,000 and 2,000 badges with photos (time, peak RSS) vs pdfkit plain text of as many pages';

interface Measurement {
  kind: string;
  count: number;
  pages: number;
  ms: number;
  bytes: number;
  rssBeforeKiB: number;
  peakRssKiB: number;
  liveKiB: number[];
}

function measure(kind: 'badges' | 'text', count: number, nodeOptions: string[] = []): Measurement {
  const output = execFileSync(process.execPath, [...nodeOptions, join(__dirname, 'badge-sheet-worker.js'), kind, String(count)], {
    encoding: 'utf8',
  });
  return JSON.parse(output.trim().split('\n').pop()!) as Measurement;
}

const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;

export async function run(): Promise<void> {
  const runs: [string, Measurement][] = [];
  for (const count of [1000, 500, 2000]) {
    runs.push([`${count.toLocaleString('en')} badges with photos`, measure('badges', count)]);
    runs.push([`pdfkit plain text, ${(count / 4).toLocaleString('en')} pages`, measure('text', count / 4)]);
  }
  // What stays live (heap and Buffers after a full collection, every 250 badges), and 2,000 badges with the
  // JavaScript heap capped at 64 MiB: the peak RSS above is mostly garbage V8 collects only when it must.
  runs.push(['500 badges, live memory', measure('badges', 500, ['--expose-gc'])]);
  runs.push(['2,000 badges, live memory', measure('badges', 2000, ['--expose-gc'])]);
  runs.push(['2,000 badges, heap capped at 64 MiB', measure('badges', 2000, ['--max-old-space-size=64'])]);
  for (const [name, m] of runs)
    console.log(
      `${name.padEnd(36)} ${String(m.pages).padStart(4)} pages  ${(m.ms / 1000).toFixed(2).padStart(6)} s  ${(m.bytes / 1024 / 1024).toFixed(1).padStart(6)} MiB PDF  peak RSS ${mib(m.peakRssKiB).padStart(8)} (${mib(m.rssBeforeKiB)} before writing)` +
        (m.liveKiB.length > 0 ? `  live every 250 badges: ${m.liveKiB.map(mib).join(', ')}` : ''),
    );
  const badges = runs.filter(([name, m]) => m.kind === 'badges' && !/live|capped/.test(name)).map(([, m]) => m);
  const text = runs.filter(([, m]) => m.kind === 'text').map(([, m]) => m);
  const ofCount = (list: Measurement[], count: number) => list.find((m) => m.count === count || m.count === count / 4)!;
  console.log(
    `badges 1,000: ${(ofCount(badges, 1000).ms / ofCount(text, 1000).ms).toFixed(1)} × the time of plain text; peak RSS 2,000 vs 500 badges: ${mib(ofCount(badges, 2000).peakRssKiB)} vs ${mib(ofCount(badges, 500).peakRssKiB)}`,
  );
  await badgeSheetThroughServer();
}
