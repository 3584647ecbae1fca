import { readFileSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { useApp } from '../support/context';
import { createPublishedEvent, createUser, expectStatus, registrant, TestUser } from '../support/factories';
import { createOutcome, download, outcomeStep } from '../support/outcomes';
import { outputPath } from '../support/paths';
import { pdfPagePixels, pdfReadingText, pdfVisualLines } from '../support/pdf';

/** The characters of a right-to-left string as they stand on the page, left to right (brackets mirrored). */
const seen = (logical: string) =>
  [...logical]
    .reverse()
    .map((char) => ({ '(': ')', ')': '(' })[char] ?? char)
    .join('');

const SAUD = 'عبد الرحمن آل سعود';
const ABDULLAH = 'د. محمد عبد الله';
const JINNAH = 'محمد علی جناح';
const PAKISTAN = 'پاکستان';
const MINISTRY = 'وزارة الداخلية (Ministry of Interior) 2025';
/** The mixed line as the Unicode Bidirectional Algorithm lays it out: the Arabic runs right to left, the English and the year left to right, in a right-to-left line. */
const MINISTRY_SEEN = '2025 (Ministry of Interior) ةيلخادلا ةرازو';
const DIGITS = 'اجتمع 30 بلدا في عام ٢٠٢٥';
const DIGITS_SEEN = '٢٠٢٥ ماع يف ادلب 30 عمتجا';
const PARAGRAPH =
  'يؤكد المشاركون التزامهم بمكافحة تهريب المهاجرين وحماية الضحايا وتعزيز التعاون الإقليمي بين الدول والمنظمات الدولية في مجال إدارة الحدود وتبادل المعلومات';

/**
 * Arabic and Urdu in PDFs (issue 14, defect 1): words in their order with their spaces, letters that
 * read back as written, right-to-left lines set from the right, and the commitments table in Arabic.
 */
describe('Right-to-left text in badges and the outcome PDF', () => {
  const ctx = useApp();
  let organiser: TestUser;
  let browser: Browser;

  beforeAll(async () => {
    organiser = await createUser(ctx.app.api, 'organiser');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function badgeOf(eventId: string, person: Record<string, unknown>): Promise<Buffer> {
    const registration = expectStatus(await ctx.app.api.post(`/events/${eventId}/registrations`, registrant(person)), 201, 'registering');
    const badge = await download(ctx.app.api.baseUrl, `/registrations/${registration.id}/badge.pdf`, organiser.token);
    expect(badge.status).toBe(200);
    return badge.body;
  }

  it('badges print Arabic and Urdu names, organisations, mixed Arabic and English, and digits in their order', async () => {
    const event = await createPublishedEvent(organiser.api, { title: 'مؤتمر إسلام آباد الإقليمي', city: 'Islamabad' });
    const saud = await badgeOf(event.id, { givenName: 'عبد الرحمن', familyName: 'آل سعود', organisation: MINISTRY });
    const abdullah = await badgeOf(event.id, { honorific: 'د.', givenName: 'محمد', familyName: 'عبد الله', organisation: DIGITS });
    const jinnah = await badgeOf(event.id, { givenName: 'محمد علی', familyName: 'جناح', organisation: PAKISTAN });

    // pdftotext (reading order) gives the right-to-left lines back word for word, spaces included.
    expect(pdfReadingText(saud)).toContain(SAUD);
    expect(pdfReadingText(saud)).toContain('مؤتمر إسلام آباد الإقليمي');
    expect(pdfReadingText(jinnah)).toContain(JINNAH);
    expect(pdfReadingText(jinnah)).toContain(PAKISTAN);
    // Poppler reads a full stop and the space after it as left-to-right, so "د." comes back as "د ."; the rest is in order.
    expect(pdfReadingText(abdullah)).toContain('محمد عبد الله');

    // As seen on the page, every line is in the order the bidirectional algorithm gives, letter for letter.
    const lines = (pdf: Buffer) => pdfVisualLines(pdf).map((line) => line.text);
    expect(lines(saud)).toEqual(expect.arrayContaining([seen(SAUD), MINISTRY_SEEN, seen('مؤتمر إسلام آباد الإقليمي')]));
    expect(lines(abdullah)).toEqual(expect.arrayContaining([seen(ABDULLAH), DIGITS_SEEN]));
    expect(lines(jinnah)).toEqual(expect.arrayContaining([seen(JINNAH), seen(PAKISTAN)]));

    // The name is centred on the badge.
    const name = pdfVisualLines(saud).find((line) => line.text === seen(SAUD))!;
    const pageWidth = 297.64;
    expect(Math.abs(name.xMin - (pageWidth - name.xMax))).toBeLessThan(2);

    // The picture: the name's ink, column by column, matches Chromium's rendering of the same name in the same
    // font (an independent shaper and bidi implementation) far better than the order the bug printed.
    pdfToPngFile(saud, outputPath('badges', 'issue14-arabic-name.png'));
    const page = pdfPagePixels(saud, DPI);
    const band = inkProfile(page, toPixels(name));
    const right = await browserProfile(SAUD);
    const garbled = await browserProfile('سعود آل الرحمن عبد');
    const matching = correlation(band, right);
    expect(matching).toBeGreaterThan(0.8);
    expect(matching - correlation(band, garbled)).toBeGreaterThan(0.4);
    pdfToPngFile(jinnah, outputPath('badges', 'issue14-urdu-name.png'));
  });

  it('the outcome PDF sets Arabic paragraphs, organisation names and the commitments table from the right, in order', async () => {
    const event = await createPublishedEvent(organiser.api, { title: 'Regional Conference on Migrant Smuggling', city: 'Islamabad' });
    expectStatus(
      await organiser.api.post(`/events/${event.id}/partners`, {
        organisation: { name: 'وزارة الداخلية', kind: 'government' },
        role: 'host',
      }),
      201,
      'adding the host',
    );
    const body = [
      '# بيان إسلام آباد',
      '',
      SAUD,
      '',
      ABDULLAH,
      '',
      JINNAH,
      '',
      MINISTRY,
      '',
      DIGITS,
      '',
      PARAGRAPH,
      '',
      'An English paragraph stays on the left.',
      '',
    ].join('\n');
    const document = await createOutcome(organiser.api, event.id, { title: 'بيان إسلام آباد الختامي', body });
    expectStatus(
      await organiser.api.put(`/outcomes/${document.id}/commitments`, {
        commitments: [
          {
            theme: 'الوثائق المزورة',
            text: 'تعزيز التعاون بين الدول في كشف الوثائق المزورة',
            leads: ['وزارة الداخلية', 'IOM'],
            status: 'endorsed',
          },
        ],
      }),
      200,
      'setting commitments',
    );
    await outcomeStep(organiser.api, document.id, 'submit');
    await outcomeStep(organiser.api, document.id, 'publish');
    const pdf = await download(ctx.app.api.baseUrl, `/outcomes/${document.id}/document.pdf`);
    expect(pdf.status).toBe(200);
    pdfToPngFile(pdf.body, outputPath('outcomes', 'issue14-arabic-outcome.png'));

    const text = pdfReadingText(pdf.body);
    for (const expected of [
      'بيان إسلام آباد',
      SAUD,
      JINNAH,
      PARAGRAPH,
      'الوثائق المزورة',
      'تعزيز التعاون بين الدول في كشف الوثائق المزورة',
      'وزارة الداخلية',
      'An English paragraph stays on the left.',
    ]) {
      expect(text).toContain(expected);
    }

    const lines = pdfVisualLines(pdf.body);
    const texts = lines.map((line) => line.text);
    expect(texts).toEqual(
      expect.arrayContaining([
        seen(SAUD),
        seen(ABDULLAH),
        seen(JINNAH),
        MINISTRY_SEEN,
        DIGITS_SEEN,
        seen('بيان إسلام آباد'),
        `Hosted by: ${seen('وزارة الداخلية')}`,
      ]),
    );
    // A right-to-left paragraph starts at the right margin, an English one at the left (A4, 56 pt margins).
    const right = 595.28 - 56;
    for (const line of lines.filter((candidate) => [seen(SAUD), seen(JINNAH), seen('بيان إسلام آباد')].includes(candidate.text)))
      expect(Math.abs(line.xMax - right)).toBeLessThan(1.5);
    expect(lines.find((line) => line.text === 'An English paragraph stays on the left.')!.xMin).toBeCloseTo(56, 0);
    // The long paragraph wraps onto lines that each end at the right margin and read on, top to bottom.
    const wrapped = lines.filter((line) => line.text.length > 10 && PARAGRAPH.includes(seen(line.text)));
    expect(wrapped.length).toBeGreaterThan(1);
    expect(wrapped.map((line) => seen(line.text)).join(' ')).toBe(PARAGRAPH);
    for (const line of wrapped) expect(Math.abs(line.xMax - right)).toBeLessThan(1.5);
    // The commitments table: Arabic in every column that has it, no missing glyphs (pdftotext would give nothing or boxes).
    expect(texts.some((line) => line.includes(seen('الوثائق المزورة')))).toBe(true);
  });

  const DPI = 100;
  const toPixels = (box: { xMin: number; xMax: number; yMin: number; yMax: number }) => ({
    left: Math.floor((box.xMin * DPI) / 72) - 2,
    right: Math.ceil((box.xMax * DPI) / 72) + 2,
    top: Math.floor((box.yMin * DPI) / 72),
    bottom: Math.ceil((box.yMax * DPI) / 72),
  });

  function pdfToPngFile(pdf: Buffer, file: string): void {
    writeFileSync(file, PNG.sync.write(pdfPagePixels(pdf, DPI)));
  }

  /** How much ink each column of the area holds, from the first inked column to the last. */
  function inkProfile(png: PNG, area: { left: number; right: number; top: number; bottom: number }): number[] {
    const columns: number[] = [];
    for (let x = Math.max(0, area.left); x < Math.min(png.width, area.right); x++) {
      let ink = 0;
      for (let y = Math.max(0, area.top); y < Math.min(png.height, area.bottom); y++) {
        const at = (y * png.width + x) * 4;
        ink += 255 - (png.data[at] + png.data[at + 1] + png.data[at + 2]) / 3;
      }
      columns.push(ink);
    }
    const first = columns.findIndex((ink) => ink > 0);
    const last = columns.length - 1 - [...columns].reverse().findIndex((ink) => ink > 0);
    return columns.slice(first, last + 1);
  }

  /** Chromium's rendering of the text in the badge's font and size (18 pt bold at 100 dpi = 25 px), as an ink profile. */
  async function browserProfile(text: string): Promise<number[]> {
    const font = readFileSync(require.resolve('@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-700-normal.woff')).toString(
      'base64',
    );
    const page = await browser.newPage({ viewport: { width: 900, height: 200 }, deviceScaleFactor: 1 });
    try {
      await page.setContent(
        `<!doctype html><style>@font-face{font-family:Badge;font-weight:700;src:url(data:font/woff;base64,${font}) format('woff')}` +
          `body{margin:20px;background:#fff}p{font:700 25px Badge;color:#000;white-space:pre;display:inline-block;padding:10px}</style><p dir="rtl">${text}</p>`,
      );
      await page.evaluate('document.fonts.ready');
      const shot = PNG.sync.read(await page.locator('p').screenshot());
      return inkProfile(shot, { left: 0, right: shot.width, top: 0, bottom: shot.height });
    } finally {
      await page.close();
    }
  }
});

/** Pearson correlation of two ink profiles, each smoothed over 5 columns and stretched to the same length. */
function correlation(a: number[], b: number[]): number {
  const size = 200;
  const smooth = (values: number[]) =>
    values.map((_, index) => values.slice(Math.max(0, index - 2), index + 3).reduce((sum, value) => sum + value, 0));
  const resample = (values: number[]) =>
    Array.from({ length: size }, (_, index) => values[Math.min(values.length - 1, Math.floor((index * values.length) / size))]);
  const [x, y] = [resample(smooth(a)), resample(smooth(b))];
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const [mx, my] = [mean(x), mean(y)];
  let covariance = 0;
  let vx = 0;
  let vy = 0;
  for (let index = 0; index < size; index++) {
    covariance += (x[index] - mx) * (y[index] - my);
    vx += (x[index] - mx) ** 2;
    vy += (y[index] - my) ** 2;
  }
  return covariance / Math.sqrt(vx * vy);
}
