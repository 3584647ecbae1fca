import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import type { Pool } from 'pg';
import type { Passport } from '../../src/documents/letters-sources';
import { RunningApp, startApp } from './app';
import { createTestDatabase } from './database';
import { dist } from './paths';
import { freePort } from './processes';

export interface LettersContext {
  app: RunningApp;
  db: Pool;
  /** What the server's PassportSource answers for this registration from now on (the accreditation part's data, in the real app). */
  setPassport(registrationId: string, passport: Passport): void;
}

/**
 * A database of the file's own and the letters test server (test/support/letters-server.ts) on it: the real
 * application with a PassportSource reading a JSON file this context writes (letterheads are uploaded:
 * `letterheadBanner`). PUBLIC_URL is the server's own address, so a letter's QR code opens in the test's browser.
 */
export function useLettersApp(env: Record<string, string> = {}): LettersContext {
  const context = {} as LettersContext;
  let drop: () => Promise<void>;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'plenary-letters-'));
    const passportsFile = join(dir, 'passports.json');
    writeFileSync(passportsFile, '{}');
    context.setPassport = (registrationId, passport) => {
      const passports = JSON.parse(readFileSync(passportsFile, 'utf8')) as Record<string, Passport>;
      passports[registrationId] = passport;
      writeFileSync(passportsFile, JSON.stringify(passports));
    };
    const database = await createTestDatabase();
    drop = () => database.drop();
    context.db = database.pool;
    const port = await freePort();
    context.app = await startApp(
      {
        DATABASE_URL: database.url,
        PORT: String(port),
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        TEST_PASSPORTS_FILE: passportsFile,
        ...env,
      },
      { main: dist('test', 'support', 'letters-server.js') },
    );
  });
  afterAll(async () => {
    await context.app?.stop();
    await drop?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return context;
}

/** A letterhead as a PNG: a navy band with a lighter rule under it. */
export function letterheadBanner(width = 1200, height = 160): Buffer {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 4;
      const rule = y > height - 16;
      png.data[at] = rule ? 180 : 16;
      png.data[at + 1] = rule ? 150 : 42;
      png.data[at + 2] = rule ? 60 : 92;
      png.data[at + 3] = 255;
    }
  return PNG.sync.write(png);
}

/** The file names of a ZIP, as `unzip -l` lists them. */
export function zipEntries(zip: Buffer): string[] {
  return withFile(zip, 'letters.zip', (file) =>
    execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.trim() !== ''),
  );
}

/** One file of a ZIP (`unzip -p`). */
export function zipEntry(zip: Buffer, name: string): Buffer {
  return withFile(zip, 'letters.zip', (file) => execFileSync('unzip', ['-p', file, name], { maxBuffer: 64 * 1024 * 1024 }));
}

/** The images of a PDF, as `pdfimages -list` lists them: width and height of each. */
export function pdfImageSizes(pdf: Buffer): { width: number; height: number }[] {
  const listing = withFile(pdf, 'document.pdf', (file) => execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }));
  return listing
    .split('\n')
    .slice(2)
    .filter((line) => line.trim() !== '')
    .map((line) => line.trim().split(/\s+/))
    .map((columns) => ({ width: Number(columns[3]), height: Number(columns[4]) }));
}

function withFile<T>(content: Buffer, name: string, work: (file: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'plenary-file-'));
  try {
    const file = join(dir, name);
    writeFileSync(file, content);
    return work(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A multipart form with one file in `field` (`letterhead` for the letterhead's route), named and typed as the sender claims. */
export function fileForm(data: Buffer, filename: string, type: string, field = 'letterhead'): FormData {
  const form = new FormData();
  form.append(field, new Blob([new Uint8Array(data)], { type }), filename);
  return form;
}

/** A binary answer of the API (a PDF or a ZIP) with its status and headers. */
export async function download(url: string, token?: string): Promise<{ status: number; type: string | null; body: Buffer; text: string }> {
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const body = Buffer.from(await response.arrayBuffer());
  return { status: response.status, type: response.headers.get('content-type'), body, text: body.toString('utf8') };
}
