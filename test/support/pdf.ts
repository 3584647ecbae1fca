import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** Poppler's command-line tools read the PDFs Plenary makes, as an independent parser would. */
export function poppler(tool: string, args: string[]): string {
  try {
    return execFileSync(tool, args, { encoding: 'utf8' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`${tool} is missing: install Debian's poppler-utils (apt-get install -y poppler-utils); .ci/run does this`, {
        cause: error,
      });
    }
    throw error;
  }
}

/** Runs `work` on the PDF written to a file in a temporary folder (its `dir`, for what a tool writes), removed afterwards. */
export function withPdf<T>(pdf: Buffer, work: (file: string, dir: string) => T): T {
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
    const png = PNG.sync.read(
      readFileSync(
        join(
          dir,
          readdirSync(dir).find((name) => name.endsWith('.png'))!,
        ),
      ),
    );
    return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
  });
}

/** Renders the first page to a PNG file (for looking at it). */
export function pdfToPng(pdf: Buffer, outFile: string): void {
  withPdf(pdf, (file) =>
    poppler('pdftoppm', ['-png', '-r', '100', '-f', '1', '-l', '1', '-singlefile', file, outFile.replace(/\.png$/, '')]),
  );
}

const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * pdftotext in its reading-order mode (no -layout): poppler puts a right-to-left line back into logical
 * order from where its glyphs stand and what they map back to (ToUnicode), wrapping runs in bidi
 * controls, which are dropped here; white space collapsed. Poppler's reordering is simple: it treats
 * digits, full stops and the spaces next to them as a left-to-right run, so only lines of right-to-left
 * words come back exactly; pdfVisualLines checks the others.
 */
export const pdfReadingText = (pdf: Buffer): string =>
  withPdf(pdf, (file) => poppler('pdftotext', [file, '-']))
    .replace(BIDI_CONTROLS, '')
    .replace(/\s+/g, ' ');

export interface PdfWord {
  page: number;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  text: string;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };

/** Poppler's word boxes (points, from the page's top left), with each word's characters as they stand left to right. */
export function pdfWords(pdf: Buffer): PdfWord[] {
  const html = withPdf(pdf, (file) => poppler('pdftotext', ['-bbox', file, '-']));
  const words: PdfWord[] = [];
  html
    .split('<page ')
    .slice(1)
    .forEach((page, index) => {
      for (const match of page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
        const text = match[5].replace(/&(amp|lt|gt|quot|apos|#39);/g, (_, name: string) => entities[name]);
        words.push({
          page: index + 1,
          xMin: Number(match[1]),
          yMin: Number(match[2]),
          xMax: Number(match[3]),
          yMax: Number(match[4]),
          text,
        });
      }
    });
  return words;
}

/** A line as seen on the page: its words' boxes merged and its characters left to right. */
export interface PdfVisualLine {
  page: number;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  text: string;
}

/**
 * Every line of the document as it is seen: the characters from left to right (a right-to-left word
 * reads backwards here), a space wherever two glyph boxes stand apart. This checks placement without
 * relying on a reader's reordering: the test writes the visual order it expects.
 */
export function pdfVisualLines(pdf: Buffer): PdfVisualLine[] {
  const words = pdfWords(pdf).sort((a, b) => a.page - b.page || (a.yMin + a.yMax) / 2 - (b.yMin + b.yMax) / 2);
  const lines: PdfWord[][] = [];
  for (const word of words) {
    const line = lines[lines.length - 1];
    const centre = (word.yMin + word.yMax) / 2;
    const lineCentre = line ? (line[0].yMin + line[0].yMax) / 2 : NaN;
    if (
      line &&
      line[0].page === word.page &&
      Math.abs(centre - lineCentre) < 0.3 * Math.min(word.yMax - word.yMin, line[0].yMax - line[0].yMin)
    )
      line.push(word);
    else lines.push([word]);
  }
  return lines.map((line) => {
    const sorted = line.sort((a, b) => a.xMin - b.xMin);
    let text = '';
    sorted.forEach((word, index) => {
      if (index > 0 && word.xMin - sorted[index - 1].xMax > 1) text += ' ';
      text += word.text;
    });
    return {
      page: sorted[0].page,
      xMin: Math.min(...sorted.map((word) => word.xMin)),
      xMax: Math.max(...sorted.map((word) => word.xMax)),
      yMin: Math.min(...sorted.map((word) => word.yMin)),
      yMax: Math.max(...sorted.map((word) => word.yMax)),
      text,
    };
  });
}

/** Renders the first page at `dpi` and returns its pixels (RGBA). */
export function pdfPagePixels(pdf: Buffer, dpi: number): PNG {
  return withPdf(pdf, (file, dir) => {
    poppler('pdftoppm', ['-png', '-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', file, join(dir, 'page')]);
    return PNG.sync.read(readFileSync(join(dir, 'page.png')));
  });
}
