import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { poppler, withPdf } from './pdf';

/** A PDF's images as poppler's `pdfimages -list` lists them. */
export interface PdfImage {
  page: number;
  type: string;
  width: number;
  height: number;
  encoding: string;
}

export function pdfImages(pdf: Buffer): PdfImage[] {
  const listing = withPdf(pdf, (file) => poppler('pdfimages', ['-list', file]));
  return listing
    .split('\n')
    .slice(2)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length > 8)
    .map((fields) => ({
      page: Number(fields[0]),
      type: fields[2],
      width: Number(fields[3]),
      height: Number(fields[4]),
      encoding: fields[8],
    }));
}

/**
 * Every page of an A4 badge sheet rendered (pdftoppm, 150 dpi), cut into its four A6 badges (two across,
 * two down), and each badge's QR code decoded with jsQR, as the check-in desk's camera would: the codes in
 * order, page by page, left to right then top to bottom; null for a badge whose code does not read (or an
 * empty place).
 */
export function sheetQrCodes(pdf: Buffer): (string | null)[] {
  return withPdf(pdf, (file, dir) => {
    poppler('pdftoppm', ['-png', '-r', '150', file, join(dir, 'page')]);
    const pages = readdirSync(dir)
      .filter((name) => name.endsWith('.png'))
      .sort();
    const codes: (string | null)[] = [];
    for (const name of pages) {
      const page = PNG.sync.read(readFileSync(join(dir, name)));
      const width = Math.floor(page.width / 2);
      const height = Math.floor(page.height / 2);
      for (const [column, row] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ]) {
        const quarter = new Uint8ClampedArray(width * height * 4);
        for (let y = 0; y < height; y++) {
          const from = ((row * height + y) * page.width + column * width) * 4;
          quarter.set(page.data.subarray(from, from + width * 4), y * width * 4);
        }
        codes.push(jsQR(quarter, width, height)?.data ?? null);
      }
    }
    return codes;
  });
}
