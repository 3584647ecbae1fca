import sharp from 'sharp';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { LinkTokens } from '../../src/auth/link-tokens';
import { TEST_JWT_SECRET } from '../support/app';
import { accessibilityProblems } from '../support/axe';
import { launchBrowser } from '../support/browser';
import { useApp } from '../support/context';
import { createPublishedEvent, createUser, expectStatus, registrant } from '../support/factories';
import { pdfOfSize, phonePhoto, photo, storedState, zipArchive } from '../support/files';
import { outputPath } from '../support/paths';

const manageToken = (registrationId: string) => new LinkTokens(TEST_JWT_SECRET).tokenFor('manage', registrationId);
const FUTURE = { startDate: '2031-11-26', endDate: '2031-11-27', timezone: 'Asia/Karachi' };
const MB = 1024 * 1024;

/**
 * Issue 18, the delegate's photo on their manage page, in a real Chromium: a PDF renamed .jpg, a ZIP, a
 * 12 MB file (whose 413 the browser receives, not a reset connection) and a 40×40 photo are refused beside
 * the field with nothing stored; a phone photo is saved (post-redirect-get), shown, and stored without
 * its metadata; it can be removed; the manage token never reaches a log line.
 */
describe('Issue 18: the photo on the manage page', () => {
  const ctx = useApp({ REGISTRATION_RATE_LIMIT: '0' });
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let event: any;
  let registrationId: string;
  let token: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    const organiser = await createUser(ctx.app.api, 'organiser');
    event = await createPublishedEvent(organiser.api, {
      ...FUTURE,
      title: 'Islamabad Conference on Migrant Smuggling',
      capacity: 40,
      asksPhoto: true,
    });
    registrationId = expectStatus(
      await ctx.app.api.post(`/events/${event.id}/registrations`, registrant({ givenName: 'Amina', familyName: 'Rahman' })),
      201,
      'registration',
    ).id;
    token = manageToken(registrationId);
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: ctx.app.url });
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  const photoBlock = () => page.getByRole('region', { name: 'Your photo' });
  const photoField = () => page.getByLabel('Photo', { exact: true });
  const fieldError = () => page.locator('#f-photo-error');

  /** Screenshots at 1280 and 390 px; no sideways scrolling and no serious axe-core finding at either. */
  async function inspect(name: string): Promise<void> {
    const problems: string[] = [];
    for (const [width, height] of [
      [1280, 900],
      [390, 844],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.screenshot({ path: outputPath('screenshots', 'issue18-files', `${name}-${width}.png`), fullPage: true });
      const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      if (overflow > 0) problems.push(`${name} at ${width} px scrolls sideways by ${overflow} px`);
      problems.push(...(await accessibilityProblems(page)).map((problem) => `${name} at ${width} px: ${problem}`));
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(problems).toEqual([]);
  }

  /** Chooses a file in the photo field and submits the form; the answer to the POST, as the browser received it. */
  async function submitPhoto(file: { name: string; mimeType: string; buffer: Buffer }): Promise<Response> {
    await photoField().setInputFiles(file);
    const [response] = await Promise.all([
      page.waitForResponse((candidate) => candidate.request().method() === 'POST', { timeout: 90_000 }),
      photoBlock()
        .getByRole('button', { name: /Upload my photo|Replace my photo/ })
        .click(),
    ]);
    await page.waitForLoadState('load');
    return response;
  }

  async function expectRefusedBesideTheField(response: Response, status: number, message: RegExp): Promise<void> {
    expect(response.status()).toBe(status);
    await expect(fieldError().innerText()).resolves.toMatch(message);
    await expect(photoField().getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(photoField().getAttribute('aria-describedby')).resolves.toContain('f-photo-error');
    expect(await storedState(ctx.db, event.id)).toEqual({
      files: 0,
      bytes: 0,
      photos: [{ id: registrationId, photo_file_id: null }],
      letters: [],
    });
  }

  it('offers the photo upload, without a photo yet', async () => {
    await page.goto(`/registrations/manage/${token}`);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Your registration');
    await expect(photoBlock().innerText()).resolves.toContain('You have not uploaded a photo yet.');
    await expect(photoField().getAttribute('accept')).resolves.toBe('image/jpeg,image/png,image/webp');
    await inspect('manage-no-photo');
  });

  it('refuses a PDF renamed .jpg beside the field (415), and stores nothing', async () => {
    const response = await submitPhoto({ name: 'passport-photo.jpg', mimeType: 'image/jpeg', buffer: pdfOfSize(30_000) });
    await expectRefusedBesideTheField(response, 415, /^The file is a PDF document, not a photo; upload a JPEG, PNG or WebP image$/);
    await inspect('manage-photo-refused');
  });

  it('refuses a ZIP archive named .png', async () => {
    const response = await submitPhoto({ name: 'photo.png', mimeType: 'image/png', buffer: zipArchive() });
    await expectRefusedBesideTheField(response, 415, /ZIP archive/);
  });

  it('answers a 12 MB file with a 413 page that the browser receives, with the limit beside the field', async () => {
    const big = Buffer.concat([await photo('jpeg'), Buffer.alloc(12 * MB, 1)]);
    const response = await submitPhoto({ name: 'holiday.jpg', mimeType: 'image/jpeg', buffer: big });
    await expectRefusedBesideTheField(response, 413, /^The file is larger than 5 MB; upload a smaller one$/);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Your registration');
    await inspect('manage-photo-too-large');
  });

  it('refuses a 40×40 photo, saying the minimum', async () => {
    const response = await submitPhoto({ name: 'tiny.png', mimeType: 'image/png', buffer: await photo('png', 40, 40) });
    await expectRefusedBesideTheField(response, 422, /the photo is 40×40 pixels; it must be at least 300×400 pixels/i);
  });

  it('saves a phone photo (post-redirect-get), shows it, and keeps no EXIF, GPS or ICC profile', async () => {
    const response = await submitPhoto({ name: 'IMG_2041.JPG', mimeType: 'image/jpeg', buffer: await phonePhoto() });
    expect(response.status()).toBe(303);
    expect(new URL(page.url()).search).toBe('?photo=saved');
    await expect(photoBlock().getByRole('status').innerText()).resolves.toMatch(/Your photo has been saved/);
    const image = photoBlock().getByRole('img', { name: 'Your photo as it will be printed on your badge' });
    await expect(
      image.evaluate((element) => (element as unknown as { naturalWidth: number; naturalHeight: number }).naturalWidth),
    ).resolves.toBe(600);
    await expect(page.locator('#f-photo-error').count()).resolves.toBe(0);
    await inspect('manage-photo-saved');

    const { rows } = await ctx.db.query<{ data: Buffer }>(
      'SELECT f.data FROM registration r JOIN stored_file f ON f.id = r.photo_file_id WHERE r.id = $1',
      [registrationId],
    );
    expect(rows).toHaveLength(1);
    const metadata = await sharp(rows[0].data).metadata();
    expect({
      width: metadata.width,
      height: metadata.height,
      exif: metadata.exif,
      icc: metadata.icc,
      orientation: metadata.orientation,
    }).toEqual({
      width: 600,
      height: 800,
      exif: undefined,
      icc: undefined,
      orientation: undefined,
    });
  });

  it('removes the photo', async () => {
    await Promise.all([page.waitForURL(/\?photo=removed$/), photoBlock().getByRole('button', { name: 'Remove my photo' }).click()]);
    await expect(photoBlock().getByRole('status').innerText()).resolves.toBe('Your photo has been removed.');
    await expect(photoBlock().getByRole('img').count()).resolves.toBe(0);
    expect((await storedState(ctx.db, event.id)).files).toBe(0);
  });

  it('never writes the manage token to a log line', () => {
    const lines = ctx.app.process.output.join('\n');
    expect(lines).toContain('/registrations/manage/…');
    expect(lines.includes(token)).toBe(false);
  });
});
