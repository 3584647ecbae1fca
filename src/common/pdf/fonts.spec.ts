import * as fontkit from 'fontkit';
import { readFileSync } from 'node:fs';
import { notoFonts, sfntOfWoff } from './fonts';

describe('sfntOfWoff', () => {
  it.each([...notoFonts(400), ...notoFonts(700)].map((font) => [font.name, font.path]))(
    'unwraps %s into a font with the same glyphs, names and layout',
    (_name, path) => {
      const woff = fontkit.create(readFileSync(path)) as fontkit.Font;
      const sfnt = fontkit.create(sfntOfWoff(readFileSync(path))) as fontkit.Font;
      expect(sfnt.type).toBe('TTF');
      expect(sfnt.postscriptName).toBe(woff.postscriptName);
      expect(sfnt.numGlyphs).toBe(woff.numGlyphs);
      expect(sfnt.unitsPerEm).toBe(woff.unitsPerEm);
      expect(sfnt.characterSet).toEqual(woff.characterSet);
      const text = 'Islamabad 2025 — Ünïcödé Ελλάδα Москва اسلام آباد';
      const glyphs = (font: fontkit.Font) => font.layout(text).glyphs.map((glyph) => [glyph.id, glyph.advanceWidth]);
      expect(glyphs(sfnt)).toEqual(glyphs(woff));
      const outline = (font: fontkit.Font) => font.layout('Ag').glyphs.map((glyph) => glyph.path.toSVG());
      expect(outline(sfnt)).toEqual(outline(woff));
    },
  );

  it('refuses what is not a WOFF 1.0 font', () => {
    expect(() => sfntOfWoff(Buffer.from('%PDF-1.7 not a font at all, long enough to have a header'))).toThrow('not a WOFF 1.0 font');
  });
});
