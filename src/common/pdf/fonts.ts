import * as fontkit from 'fontkit';

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

/** Registers every embedded font with a new document. */
export function registerFonts(pdf: PDFKit.PDFDocument): void {
  for (const font of [...notoFonts(400), ...notoFonts(700)]) pdf.registerFont(font.name, font.path);
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
