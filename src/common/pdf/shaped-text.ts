import type * as fontkit from 'fontkit';
import { fontOf, PdfFont } from './fonts';

/**
 * Right-to-left words (Arabic script), drawn glyph by glyph so that text extraction reads back the letters
 * that were written.
 *
 * Noto Sans Arabic builds many letters from a shared skeleton and dots (ر and ز, the teeth of ب ت ث ن ي),
 * so one glyph stands for several letters. pdfkit gives each glyph one ToUnicode entry, taken from the
 * characters fontkit reports for it, and fontkit reports the characters the glyph was first created with
 * (it caches glyph objects: foliojs/fontkit#304). Extracted text then reads "ورارة" for "وزارة". Here
 * the word is shaped so that each glyph carries the characters it came from (a
 * decomposed letter on its skeleton, none on its dots, both letters on a lam-alef ligature), and each
 * distinct (glyph, characters) pair gets a glyph of its own in the embedded subset, with its own
 * ToUnicode entry. Glyphs are placed in visual order as fontkit lays them out (GPOS offsets included).
 *
 * This reaches into pdfkit's embedded font (its subset, widths and ToUnicode table) and content stream;
 * test/e2e/issue14-pdf-rtl.e2e-spec.ts fails if a pdfkit upgrade changes them.
 */

interface EmbeddedFont {
  id: string;
  scale: number;
  subset: { glyphs: number[] };
  widths: number[];
  unicode: number[][];
  ref(): unknown;
}

interface Shaped {
  glyphs: { id: number; codePoints: number[]; advanceWidth: number }[];
  positions: { xAdvance: number; xOffset: number; yOffset: number }[];
  advanceWidth: number;
}

const patched = new WeakSet<fontkit.Font>();

/**
 * fontkit's layout, where each glyph of the result carries the characters it came from in this word: the
 * font's cached glyph (outline and metrics decoded once) behind a view with this use's characters.
 */
function shape(font: PdfFont, text: string): Shaped {
  const opened = fontOf(font);
  if (!patched.has(opened)) {
    const getGlyph = (Object.getPrototypeOf(opened) as { getGlyph: (id: number, characters?: number[]) => { codePoints: number[] } | null })
      .getGlyph;
    (opened as { getGlyph: unknown }).getGlyph = function (this: fontkit.Font, id: number, characters: number[] = []): unknown {
      const glyph = getGlyph.call(this, id, characters);
      if (!glyph || glyph.codePoints.join() === characters.join()) return glyph;
      return new Proxy(glyph, {
        get: (target, property): unknown => (property === 'codePoints' ? characters : Reflect.get(target, property, target)),
      });
    };
    patched.add(opened);
  }
  return opened.layout(text);
}

/** The width of the shaped word at this size. */
export function shapedWidth(font: PdfFont, text: string, size: number): number {
  return (shape(font, text).advanceWidth * size) / fontOf(font).unitsPerEm;
}

const subsetGlyphs = new WeakMap<EmbeddedFont, Map<string, number>>();

/** The subset glyph that draws `id` and maps back to `codePoints`, added on first use. */
function subsetGlyph(embedded: EmbeddedFont, glyph: Shaped['glyphs'][number]): number {
  let known = subsetGlyphs.get(embedded);
  if (!known) subsetGlyphs.set(embedded, (known = new Map<string, number>()));
  const key = `${glyph.id}:${glyph.codePoints.join(',')}`;
  let gid = known.get(key);
  if (gid === undefined) {
    gid = embedded.subset.glyphs.push(glyph.id) - 1;
    embedded.widths[gid] = glyph.advanceWidth * embedded.scale;
    embedded.unicode[gid] = glyph.codePoints;
    known.set(key, gid);
  }
  return gid;
}

const number = (value: number) => Math.round(value * 1000) / 1000;

/** Draws the word (logical order) with its left end at x and its baseline at y (pdfkit's top-down coordinates). */
export function drawShaped(pdf: PDFKit.PDFDocument, font: PdfFont, size: number, x: number, y: number, text: string): void {
  pdf.font(font.name).fontSize(size);
  const internals = pdf as unknown as { _font: EmbeddedFont; page: { fonts: Record<string, unknown>; height: number } };
  const embedded = internals._font;
  const { glyphs, positions } = shape(font, text);
  const scale = size / fontOf(font).unitsPerEm;
  const page = internals.page;
  if (page.fonts[embedded.id] == null) page.fonts[embedded.id] = embedded.ref();
  const commands: string[] = [];
  const baseline = page.height - y;
  let penX = x;
  glyphs.forEach((glyph, index) => {
    const position = positions[index];
    const gid = subsetGlyph(embedded, glyph);
    commands.push(
      `1 0 0 1 ${number(penX + position.xOffset * scale)} ${number(baseline + position.yOffset * scale)} Tm <${gid.toString(16).padStart(4, '0')}> Tj`,
    );
    penX += position.xAdvance * scale;
  });
  pdf.save();
  pdf.transform(1, 0, 0, -1, 0, page.height);
  pdf.addContent('BT');
  pdf.addContent(`/${embedded.id} ${number(size)} Tf`);
  for (const command of commands) pdf.addContent(command);
  pdf.addContent('ET');
  pdf.restore();
}
