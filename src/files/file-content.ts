/**
 * What a file is, read from its first bytes (its "magic number"), never from its name or the type its
 * uploader declared. Only the types Plenary accepts are told apart precisely; a few common others are
 * named so that a refusal can say what the file was ("a ZIP archive, not a photo").
 */
export type SniffedType = 'jpeg' | 'png' | 'webp' | 'pdf' | 'zip' | 'gif' | 'heic' | 'tiff' | 'bmp' | 'avif' | 'svg' | 'unknown';

export const CONTENT_TYPES: Record<'jpeg' | 'png' | 'webp' | 'pdf', string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  pdf: 'application/pdf',
};

/** How a refusal names what the file turned out to be. */
export const DESCRIPTIONS: Record<SniffedType, string> = {
  jpeg: 'a JPEG image',
  png: 'a PNG image',
  webp: 'a WebP image',
  pdf: 'a PDF document',
  zip: 'a ZIP archive (or a Word, Excel or OpenDocument file)',
  gif: 'a GIF image',
  heic: 'a HEIC/HEIF image',
  avif: 'an AVIF image',
  tiff: 'a TIFF image',
  bmp: 'a BMP image',
  svg: 'an SVG or other text file',
  unknown: 'not a file type Plenary recognises',
};

const startsWith = (data: Buffer, bytes: readonly number[], at = 0) =>
  data.length >= at + bytes.length && bytes.every((byte, index) => data[at + index] === byte);
const ascii = (data: Buffer, text: string, at = 0) =>
  data.length >= at + text.length && data.toString('latin1', at, at + text.length) === text;

export function sniff(data: Buffer): SniffedType {
  if (startsWith(data, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(data, 'RIFF') && ascii(data, 'WEBP', 8)) return 'webp';
  if (ascii(data, '%PDF-')) return 'pdf';
  if (ascii(data, 'PK') && (startsWith(data, [3, 4], 2) || startsWith(data, [5, 6], 2) || startsWith(data, [7, 8], 2))) return 'zip';
  if (ascii(data, 'GIF87a') || ascii(data, 'GIF89a')) return 'gif';
  if (ascii(data, 'ftyp', 4)) {
    const brand = data.toString('latin1', 8, 12);
    if (brand === 'avif' || brand === 'avis') return 'avif';
    if (['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1'].includes(brand)) return 'heic';
  }
  if (startsWith(data, [0x49, 0x49, 0x2a, 0x00]) || startsWith(data, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (ascii(data, 'BM') && data.length > 14 && data.readUInt32LE(2) === data.length) return 'bmp';
  const head = data
    .toString('utf8', 0, Math.min(data.length, 512))
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  if (head.startsWith('<?xml') || head.startsWith('<svg') || head.startsWith('<!doctype') || head.startsWith('<html')) return 'svg';
  return 'unknown';
}

/**
 * Whether a file that starts with `%PDF-` is built like a PDF, read far enough to find its cross-reference
 * table: a version in the header (1.0 to 2.0), an end-of-file marker near the end, and a `startxref`
 * whose offset points inside the file at a cross-reference table (`xref`) or stream (`N G obj`). Returns
 * what is wrong, or null. (This is the structure every reader starts from; it does not render the pages.)
 */
export function pdfStructureProblem(data: Buffer): string | null {
  const header = /^%PDF-(\d)\.(\d)/.exec(data.toString('latin1', 0, 16));
  if (!header || !['1', '2'].includes(header[1])) return 'does not start with a PDF header (%PDF-1.x or %PDF-2.0)';
  const tail = data.toString('latin1', Math.max(0, data.length - 2048));
  if (!tail.includes('%%EOF')) return 'is cut short: it has no end-of-file marker (%%EOF)';
  const startxref = [...tail.matchAll(/startxref\s+(\d+)\s+%%EOF/g)].pop();
  if (!startxref) return 'has no cross-reference offset (startxref) before its end';
  const offset = Number(startxref[1]);
  if (!Number.isSafeInteger(offset) || offset <= 0 || offset >= data.length) return 'points its cross-reference table outside the file';
  const atOffset = data.toString('latin1', offset, Math.min(data.length, offset + 32));
  if (!/^\s*(?:xref\b|\d+\s+\d+\s+obj\b)/.test(atOffset)) return 'has no cross-reference table where it says';
  return null;
}
