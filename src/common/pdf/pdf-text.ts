import bidiFactory from 'bidi-js';
import { fontOf, PdfFont } from './fonts';
import { drawShaped, shapedWidth } from './shaped-text';

const bidi = bidiFactory();

export type TextAlign = 'start' | 'end' | 'left' | 'center' | 'right';

export interface TextOptions {
  /** The fonts to draw with, in order of preference: each character goes to the first one that has it. */
  fonts: PdfFont[];
  size: number;
  /** The left edge of the box and its width: lines wrap at the width. */
  x: number;
  width: number;
  /** The top of the first line; the document's current y when left out. */
  y?: number;
  /** `start` (the default) is left for a left-to-right paragraph and right for a right-to-left one. */
  align?: TextAlign;
  /** Space kept free on the paragraph's start side (left for left-to-right, right for right-to-left). */
  indent?: number;
  /** Extra space between lines. */
  lineGap?: number;
  /** Start a new page when the next line does not fit above the bottom margin (the default). */
  pageBreaks?: boolean;
  /** Shrink the size (down to this one) until the widest paragraph fits on one line, then wrap what still does not. */
  shrinkTo?: number;
}

/** Text one font draws in one direction: `text` is in the order pdfkit (and fontkit's shaper) expect it. */
interface Piece {
  font: PdfFont;
  text: string;
  /** A right-to-left word drawn glyph by glyph (shaped-text.ts); `text` is then in logical order. */
  shaped: boolean;
  /** Where the piece starts in the paragraph: pieces are drawn in this (reading) order, at their visual places. */
  logicalIndex: number;
  width: number;
}

interface Line {
  pieces: Piece[];
  width: number;
  ascent: number;
  height: number;
  rtl: boolean;
}

/**
 * Writes text into a box, wrapped, in every script Plenary embeds, right-to-left included. Every PDF
 * writes its text through here.
 *
 * pdfkit lays text out left to right, word by word; fontkit shapes a run of Arabic script (contextual
 * forms, lam-alef) and reverses that run's glyphs, but knows nothing of the order of the runs around it.
 * So each paragraph gets the Unicode Bidirectional Algorithm (bidi-js): its embedding levels, lines
 * broken at spaces on the logical text, then each line reordered into visual order and cut into pieces
 * of one font and one direction, placed left to right at measured positions and written in reading
 * order. Arabic-script words are shaped and drawn by shaped-text.ts, so that every glyph maps back to
 * its own letters (ToUnicode); other pieces go to pdfkit, turned round first when fontkit would lay them
 * out in the other direction (Arabic-Indic digits in a left-to-right run, spaces and punctuation in a
 * right-to-left one). Mirrored characters (brackets in right-to-left text) are swapped. Text extraction
 * (poppler's pdftotext) then reads right-to-left lines back in logical order.
 */
export function writeText(pdf: PDFKit.PDFDocument, text: string, options: TextOptions): void {
  const size = fittedSize(pdf, text, options);
  const indent = options.indent ?? 0;
  const lines = layout(pdf, text, options.fonts, size, options.width - indent);
  let y = options.y ?? pdf.y;
  for (const line of lines) {
    if (options.pageBreaks !== false && y + line.height > pdf.page.height - pdf.page.margins.bottom && y > pdf.page.margins.top) {
      pdf.addPage();
      y = pdf.page.margins.top;
    }
    const left = options.x + (line.rtl ? 0 : indent);
    const room = options.width - indent - line.width;
    const align = options.align ?? 'start';
    const side = align === 'start' ? (line.rtl ? 'right' : 'left') : align === 'end' ? (line.rtl ? 'left' : 'right') : align;
    let x = left + (side === 'right' ? room : side === 'center' ? room / 2 : 0);
    const placed = line.pieces.map((piece) => {
      const at = x;
      x += piece.width;
      return { piece, at };
    });
    // The content stream follows the reading order, so that extraction in stream order reads logically too.
    for (const { piece, at } of placed.sort((a, b) => a.piece.logicalIndex - b.piece.logicalIndex)) {
      if (piece.shaped) drawShaped(pdf, piece.font, size, at, y + line.ascent, piece.text);
      else
        pdf
          .font(piece.font.name)
          .fontSize(size)
          .text(piece.text, at, y + line.ascent, { lineBreak: false, baseline: 'alphabetic' });
    }
    y += line.height + (options.lineGap ?? 0);
  }
  pdf.x = options.x;
  pdf.y = y;
}

/** The height writeText takes for this text in this box (no page breaks). */
export function heightOfText(pdf: PDFKit.PDFDocument, text: string, options: Omit<TextOptions, 'x' | 'y'>): number {
  const size = fittedSize(pdf, text, options);
  const lines = layout(pdf, text, options.fonts, size, options.width - (options.indent ?? 0));
  return lines.reduce((sum, line) => sum + line.height, 0) + (options.lineGap ?? 0) * lines.length;
}

function fittedSize(pdf: PDFKit.PDFDocument, text: string, options: Pick<TextOptions, 'fonts' | 'size' | 'width' | 'shrinkTo'>): number {
  if (options.shrinkTo === undefined) return options.size;
  const widest = Math.max(
    ...paragraphsOf(text).map((paragraph) => layout(pdf, paragraph, options.fonts, options.size, Number.POSITIVE_INFINITY)[0].width),
  );
  if (widest <= options.width) return options.size;
  return Math.max(options.shrinkTo, (options.size * options.width) / widest);
}

const paragraphsOf = (text: string) => text.split(/\r\n|\n|\r|\u2029/);

/** Lines of the text in visual order, each measured. */
function layout(pdf: PDFKit.PDFDocument, text: string, fonts: PdfFont[], size: number, width: number): Line[] {
  return paragraphsOf(text).flatMap((paragraph) => layoutParagraph(pdf, paragraph, fonts, size, width));
}

function layoutParagraph(pdf: PDFKit.PDFDocument, text: string, fonts: PdfFont[], size: number, width: number): Line[] {
  const embedding = bidi.getEmbeddingLevels(text);
  const rtl = (embedding.paragraphs[0]?.level ?? 0) % 2 === 1;
  const fontAt = fontsByIndex(text, fonts);
  const measure = (start: number, end: number) => {
    let sum = 0;
    for (let from = start; from < end;) {
      let to = from + 1;
      while (to < end && fontAt[to] === fontAt[from]) to++;
      sum += pdf.font(fontAt[from].name).fontSize(size).widthOfString(text.slice(from, to));
      from = to;
    }
    return sum;
  };

  // Break opportunities: after each run of white space. A word wider than the line is cut between characters.
  const ranges: [number, number][] = [];
  let lineStart = 0;
  let lineEnd = 0; // end of the last word on the line, trailing spaces excluded
  let lineWidth = 0;
  const words = [...text.matchAll(/\s*\S+/g)].map((match) => [match.index, match.index + match[0].length] as const);
  const push = () => {
    if (lineEnd > lineStart) ranges.push([lineStart, lineEnd]);
  };
  for (const [, wordEnd] of words) {
    const added = measure(lineEnd, wordEnd);
    if (lineEnd === lineStart || lineWidth + added <= width) {
      lineEnd = wordEnd;
      lineWidth += added;
    } else {
      push();
      lineStart = text.slice(lineEnd, wordEnd).search(/\S/) + lineEnd;
      lineEnd = wordEnd;
      lineWidth = measure(lineStart, wordEnd);
    }
    while (lineWidth > width && Number.isFinite(width)) {
      // Cut the line's last word between characters (code points) at the widest fit, at least one character.
      let cut = lineStart;
      for (const char of text.slice(lineStart, lineEnd)) {
        if (cut > lineStart && measure(lineStart, cut + char.length) > width) break;
        cut += char.length;
      }
      if (cut >= lineEnd) break;
      lineEnd = cut;
      push();
      lineStart = cut;
      lineEnd = wordEnd;
      lineWidth = measure(lineStart, lineEnd);
    }
  }
  push();

  if (ranges.length === 0) return [{ pieces: [], width: 0, ...metrics(pdf, fonts[0], size), rtl }];
  return ranges.map(([start, end]) => visualLine(pdf, text, embedding, fontAt, start, end, size, rtl));
}

/** One line (start inclusive, end exclusive, no trailing space) reordered and cut into pieces. */
function visualLine(
  pdf: PDFKit.PDFDocument,
  text: string,
  embedding: ReturnType<typeof bidi.getEmbeddingLevels>,
  fontAt: PdfFont[],
  start: number,
  end: number,
  size: number,
  rtl: boolean,
): Line {
  const order = Array.from({ length: end - start }, (_, index) => start + index);
  for (const [from, to] of bidi.getReorderSegments(text, embedding, start, end - 1)) {
    const reversed = order.slice(from - start, to - start + 1).reverse();
    order.splice(from - start, reversed.length, ...reversed);
  }
  const mirrored = bidi.getMirroredCharactersMap(text, embedding.levels, start, end - 1);
  const levels = embedding.levels;

  const pieces: Piece[] = [];
  let ascent = 0;
  let height = 0;
  for (let k = 0; k < order.length;) {
    const first = order[k];
    const level = levels[first];
    const step = level % 2 === 1 ? -1 : 1;
    let next = k + 1;
    while (
      next < order.length &&
      order[next] === order[next - 1] + step &&
      levels[order[next]] === level &&
      fontAt[order[next]] === fontAt[first]
    )
      next++;
    const indices = order.slice(k, next).sort((a, b) => a - b);
    const logical = indices.map((index) => mirrored.get(index) ?? text[index]).join('');
    const font = fontAt[first];
    const measured = metrics(pdf, font, size);
    ascent = Math.max(ascent, measured.ascent);
    height = Math.max(height, measured.height);
    for (const piece of piecesOf(logical, level % 2 === 1 ? 'rtl' : 'ltr', font)) {
      pieces.push({
        ...piece,
        logicalIndex: indices[0] + piece.offset,
        font,
        width: piece.shaped ? shapedWidth(font, piece.text, size) : pdf.font(font.name).fontSize(size).widthOfString(piece.text),
      });
    }
    k = next;
  }
  return { pieces, width: pieces.reduce((sum, piece) => sum + piece.width, 0), ascent, height, rtl };
}

/**
 * A run of one level and one font, in logical order, cut into what is drawn left to right. A
 * right-to-left run is cut into words of right-to-left letters and the characters between them, last
 * first; each word is shaped and drawn on its own (pdfkit would lay out the words of one string left to
 * right), glyph by glyph so that its letters read back (shaped-text.ts).
 */
function piecesOf(logical: string, direction: 'ltr' | 'rtl', font: PdfFont): { text: string; shaped: boolean; offset: number }[] {
  if (direction === 'ltr' && !/[\u0300-\u{10ffff}]/u.test(logical)) return [{ text: logical, shaped: false, offset: 0 }];
  const tokens = direction === 'rtl' ? rightToLeftWords(logical) : (logical.match(/\s+|\S+/gu) ?? []);
  let offset = 0;
  const pieces = tokens.map((token) => {
    const piece =
      direction === 'rtl' && SHAPED.test(token)
        ? { text: token, shaped: true, offset }
        : { text: shapedDirection(font, token) === direction ? token : [...token].reverse().join(''), shaped: false, offset };
    offset += token.length;
    return piece;
  });
  return direction === 'rtl' ? pieces.reverse() : pieces;
}

/** Words of strong right-to-left letters (with their combining marks), and every other character on its own. */
function rightToLeftWords(text: string): string[] {
  const tokens: string[] = [];
  let word = '';
  for (const char of text) {
    const type = bidi.getBidiCharTypeName(char);
    if (type === 'R' || type === 'AL' || (word && type === 'NSM')) {
      word += char;
      continue;
    }
    if (word) tokens.push(word);
    word = '';
    tokens.push(char);
  }
  if (word) tokens.push(word);
  return tokens;
}

/** Right-to-left letters whose glyphs need not map back to them one to one (Arabic script shares skeletons): drawn by shaped-text.ts. */
const SHAPED = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/;

/** Selects the font and size, and gives the line's ascent (top to baseline) and height in that font. */
function metrics(pdf: PDFKit.PDFDocument, font: PdfFont, size: number): { ascent: number; height: number } {
  pdf.font(font.name).fontSize(size);
  return { ascent: (fontOf(font).ascent / fontOf(font).unitsPerEm) * size, height: pdf.currentLineHeight(true) };
}

/** The direction fontkit lays this string out in (it reverses the glyphs of a run it finds to be in a right-to-left script). */
function shapedDirection(font: PdfFont, text: string): 'ltr' | 'rtl' {
  if (!/[\u0300-\u{10ffff}]/u.test(text)) return 'ltr';
  return fontOf(font).layout(text).direction === 'rtl' ? 'rtl' : 'ltr';
}

/** The font of each UTF-16 code unit (both halves of a surrogate pair get the same one). */
function fontsByIndex(text: string, fonts: PdfFont[]): PdfFont[] {
  const result: PdfFont[] = [];
  let current: PdfFont | undefined;
  for (const char of text) {
    const codePoint = char.codePointAt(0)!;
    // A character stays in the current font while it has a glyph (spaces and punctuation between Arabic words stay Arabic).
    if (!current || !fontOf(current).hasGlyphForCodePoint(codePoint))
      current = fonts.find((font) => fontOf(font).hasGlyphForCodePoint(codePoint)) ?? current ?? fonts[0];
    for (let unit = 0; unit < char.length; unit++) result.push(current);
  }
  return result;
}
