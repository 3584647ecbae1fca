import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** Poppler's command-line tools read the PDFs Plenary makes, as an independent parser would. */
function poppler(tool: string, args: string[]): string {
  try {
    return execFileSync(tool, args, { encoding: 'utf8' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`${tool} is missing: install Debian's poppler-utils (apt-get install -y poppler-utils); .ci/run does this`);
    }
    throw error;
  }
}

function withPdf<T>(pdf: Buffer, work: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'plenary-pdf-'));
  try {
    const file = join(dir, 'document.pdf');
    writeFileSync(file, pdf);
    return work(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const pdfText = (pdf: Buffer): string => withPdf(pdf, (file) => poppler('pdftotext', ['-layout', file, '-']));

export const pdfPageCount = (pdf: Buffer): number => withPdf(pdf, (file) => Number(/Pages:\s+(\d+)/.exec(poppler('pdfinfo', [file]))?.[1]));

/** Renders the first page and decodes the QR code on it, or returns null. */
export function pdfQrCode(pdf: Buffer): string | null {
  return withPdf(pdf, (file, dir) => {
    poppler('pdftoppm', ['-png', '-r', '200', '-f', '1', '-l', '1', file, join(dir, 'page')]);
    const png = PNG.sync.read(readFileSync(join(dir, readdirSync(dir).find((name) => name.endsWith('.png'))!)));
    return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
  });
}

/** Renders the first page to a PNG file (for looking at it). */
export function pdfToPng(pdf: Buffer, outFile: string): void {
  withPdf(pdf, (file) => poppler('pdftoppm', ['-png', '-r', '100', '-f', '1', '-l', '1', '-singlefile', file, outFile.replace(/\.png$/, '')]));
}
