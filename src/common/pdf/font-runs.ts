import * as fontkit from 'fontkit';

export interface PdfFont {
  /** Name registered with pdfkit. */
  name: string;
  path: string;
}

const file = (pkg: string, name: string) => require.resolve(`${pkg}/files/${name}`);

/**
 * Noto Sans in the subsets Plenary embeds: Latin, extended Latin, Greek, Cyrillic and Arabic (which
 * also covers Urdu and Persian). Bold and regular. CJK is not embedded (see the README).
 */
export function notoFonts(weight: 400 | 700): PdfFont[] {
  const sans = (subset: string) => ({ name: `noto-${subset}-${weight}`, path: file('@fontsource/noto-sans', `noto-sans-${subset}-${weight}-normal.woff`) });
  return [
    sans('latin'),
    sans('latin-ext'),
    sans('greek'),
    sans('cyrillic'),
    { name: `noto-arabic-${weight}`, path: file('@fontsource/noto-sans-arabic', `noto-sans-arabic-arabic-${weight}-normal.woff`) },
  ];
}

const coverage = new Map<string, fontkit.Font>();
function open(font: PdfFont): fontkit.Font {
  let opened = coverage.get(font.path);
  if (!opened) {
    opened = fontkit.openSync(font.path) as fontkit.Font;
    coverage.set(font.path, opened);
  }
  return opened;
}

/**
 * Splits text into runs that one font can draw: a character stays in the current run while its font
 * has a glyph for it, otherwise it goes to the first font that has one.
 */
export function fontRuns(text: string, fonts: PdfFont[]): { font: PdfFont; text: string }[] {
  const runs: { font: PdfFont; text: string }[] = [];
  for (const char of text) {
    const codePoint = char.codePointAt(0)!;
    const current = runs[runs.length - 1];
    if (current && open(current.font).hasGlyphForCodePoint(codePoint)) {
      current.text += char;
      continue;
    }
    const font = fonts.find((candidate) => open(candidate).hasGlyphForCodePoint(codePoint)) ?? fonts[0];
    if (current && current.font === font) current.text += char;
    else runs.push({ font, text: char });
  }
  return runs;
}
