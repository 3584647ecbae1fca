import * as fontkit from 'fontkit';
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';

export interface PdfFont {
  /** Name registered with pdfkit. */
  name: string;
  path: string;
}

const file = (pkg: string, name: string) => require.resolve(`${pkg}/files/${name}`);

/**
 * Noto Sans in the subsets Plenary embeds: Latin, extended Latin, Greek, Cyrillic and Arabic (which
 * also covers Urdu and Persian). Bold and regular. CJK is not embedded (see src/common/pdf/README.md).
 */
export function notoFonts(weight: 400 | 700): PdfFont[] {
  const sans = (subset: string) => ({
    name: `noto-${subset}-${weight}`,
    path: file('@fontsource/noto-sans', `noto-sans-${subset}-${weight}-normal.woff`),
  });
  return [
    sans('latin'),
    sans('latin-ext'),
    sans('greek'),
    sans('cyrillic'),
    { name: `noto-arabic-${weight}`, path: file('@fontsource/noto-sans-arabic', `noto-sans-arabic-arabic-${weight}-normal.woff`) },
  ];
}

/**
 * A WOFF 1.0 file as the plain font (SFNT: TrueType or OpenType) it wraps: each table inflated when it was
 * compressed, laid out again behind a new table directory (tags in the same order, 4-byte aligned). The
 * tables, their checksums and the head table's checksum adjustment are those of the original font.
 */
export function sfntOfWoff(woff: Buffer): Buffer {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') throw new Error('not a WOFF 1.0 font');
  const flavor = woff.readUInt32BE(4);
  const count = woff.readUInt16BE(12);
  const tables = Array.from({ length: count }, (_, index) => {
    const at = 44 + index * 20;
    const [tag, offset, compressed, length, checksum] = [0, 4, 8, 12, 16].map((field) => woff.readUInt32BE(at + field));
    const stored = woff.subarray(offset, offset + compressed);
    const data = compressed < length ? inflateSync(stored) : stored;
    if (data.length !== length) throw new Error(`WOFF table ${index} inflates to ${data.length} bytes, not ${length}`);
    return { tag, checksum, data };
  });
  const power = 2 ** Math.floor(Math.log2(count));
  const header = Buffer.alloc(12 + count * 16);
  header.writeUInt32BE(flavor, 0);
  header.writeUInt16BE(count, 4);
  header.writeUInt16BE(power * 16, 6);
  header.writeUInt16BE(Math.log2(power), 8);
  header.writeUInt16BE(count * 16 - power * 16, 10);
  const parts: Buffer[] = [header];
  let offset = header.length;
  tables.forEach(({ tag, checksum, data }, index) => {
    const at = 12 + index * 16;
    header.writeUInt32BE(tag, at);
    header.writeUInt32BE(checksum, at + 4);
    header.writeUInt32BE(offset, at + 8);
    header.writeUInt32BE(data.length, at + 12);
    const padding = (4 - (data.length % 4)) % 4;
    parts.push(data, Buffer.alloc(padding));
    offset += data.length + padding;
  });
  return Buffer.concat(parts);
}

const unwrapped = new Map<string, Buffer>();

/**
 * The font's bytes as pdfkit is given them: unwrapped from WOFF once per process, so that each document (a
 * visa letter of a ZIP of hundreds) does not inflate the same tables again (measured in src/documents/README.md).
 */
function fontBytes(path: string): Buffer {
  let bytes = unwrapped.get(path);
  if (!bytes) {
    bytes = sfntOfWoff(readFileSync(path));
    unwrapped.set(path, bytes);
  }
  return bytes;
}

/** Registers every embedded font with a new document. */
export function registerFonts(pdf: PDFKit.PDFDocument): void {
  for (const font of [...notoFonts(400), ...notoFonts(700)]) pdf.registerFont(font.name, fontBytes(font.path));
}

const opened = new Map<string, fontkit.Font>();

/** The font itself (fontkit), opened once per process: its coverage and its layout. */
export function fontOf(font: PdfFont): fontkit.Font {
  let result = opened.get(font.path);
  if (!result) {
    result = fontkit.openSync(font.path) as fontkit.Font;
    opened.set(font.path, result);
  }
  return result;
}
