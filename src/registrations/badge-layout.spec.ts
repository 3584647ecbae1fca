import { CATEGORY_BANDS } from './badge-layout';
import { REGISTRATION_CATEGORIES } from './registration.entity';

/** WCAG 2's contrast ratio of two sRGB colours (#rrggbb). */
function contrast(one: string, other: string): number {
  const luminance = (colour: string) => {
    const [r, g, b] = [1, 3, 5].map((at) => {
      const channel = parseInt(colour.slice(at, at + 2), 16) / 255;
      return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(one), luminance(other)].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}

describe("the badge's category bands", () => {
  it('give every category a band with its name in words, in a colour of its own', () => {
    expect(Object.keys(CATEGORY_BANDS).sort()).toEqual([...REGISTRATION_CATEGORIES].sort());
    for (const category of REGISTRATION_CATEGORIES) expect(CATEGORY_BANDS[category].label).toBe(category.toUpperCase());
    const colours = Object.values(CATEGORY_BANDS).map((band) => band.background);
    expect(new Set(colours).size).toBe(colours.length);
  });

  it('write the word in a colour that contrasts with the band by at least 4.5:1 (WCAG AA for text)', () => {
    for (const band of Object.values(CATEGORY_BANDS)) expect(contrast(band.text, band.background)).toBeGreaterThanOrEqual(4.5);
  });
});
