import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { inspectScreen, signedIn } from '../support/console';
import { useApp } from '../support/context';
import { createPublishedEvent, createUser, expectStatus, TestUser } from '../support/factories';
import { pdfOfSize } from '../support/files';
import { letterheadBanner } from '../support/letters';

const LABEL = 'Letterhead (PNG or JPEG, at most 2 MB)';

/** The width of the image as the browser decoded it (0 when it did not load). */
const naturalWidth = (image: Locator) => image.evaluate((element) => (element as unknown as { naturalWidth: number }).naturalWidth);

/**
 * Issue 18, the letterhead on the console's letters screen: chosen through the file chooser with the template
 * and saved with it, shown as an image, refused beside its field with the rest of the form kept, and removed;
 * the API then answers what the screen did (the same LetterTemplatesService).
 */
describe('The letterhead on the console screen of visa letters', () => {
  const ctx = useApp();
  let browser: Browser;
  let organiser: TestUser;
  let event: { id: string };
  let session: { context: BrowserContext; page: Page };
  const problems: string[] = [];

  /** Chooses a file for the letterhead field as a person does: a click on the field opens the file chooser. */
  async function choose(page: Page, name: string, mimeType: string, buffer: Buffer): Promise<void> {
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByLabel(LABEL).click()]);
    await chooser.setFiles({ name, mimeType, buffer });
  }
  const template = async () => expectStatus(await organiser.api.get(`/events/${event.id}/letter-template`), 200, 'template');
  const storedFiles = async () =>
    (await ctx.db.query('SELECT id FROM stored_file WHERE event_id = $1', [event.id])).rows.map((row) => row.id);

  beforeAll(async () => {
    browser = await launchBrowser();
    organiser = await createUser(ctx.app.api, 'organiser', 'Secretariat Officer');
    event = await createPublishedEvent(organiser.api, { title: 'International Conference on Countering the Smuggling of Migrants' });
    session = await signedIn(browser, ctx.app.url, { email: organiser.email, password: 'correct horse battery staple' });
    session.page.setDefaultTimeout(20_000);
  });
  afterAll(async () => {
    await session?.context.close();
    await browser?.close();
  });

  it('saves a letterhead chosen with the first template, and shows it as an image', async () => {
    const { page } = session;
    await page.goto(`/console/events/${event.id}/letters`);
    expect(await page.getByText('No letterhead yet').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Remove letterhead' }).count()).toBe(0);
    await page.getByLabel("Signatory's name").fill('Amb. Farah Siddiqui');
    await page.getByLabel("Signatory's title").fill('Director General (UN & Conferences)');
    await choose(page, 'MoFA letterhead.png', 'image/png', letterheadBanner(1200, 160));
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.waitForURL(/\/letters\?done=saved$/);

    const image = page.getByRole('img', { name: 'The current letterhead' });
    expect(await image.isVisible()).toBe(true);
    expect(await naturalWidth(image)).toBe(1200);
    expect(await page.getByText('Current letterhead: MoFA letterhead.png').isVisible()).toBe(true);
    const saved = await template();
    expect(saved).toMatchObject({ saved: true, signatoryName: 'Amb. Farah Siddiqui', letterheadFileId: expect.any(String) });
    expect(await storedFiles()).toEqual([saved.letterheadFileId]);
    problems.push(...(await inspectScreen(page, 'letters-letterhead', 'Visa support letters')));
  });

  it('refuses a PDF named .png beside the field, keeping what was typed, and leaves the letterhead as it was', async () => {
    const { page } = session;
    const before = (await template()).letterheadFileId;
    await page.getByLabel("Signatory's title").fill('Director General, Ministry of Foreign Affairs');
    await choose(page, 'letterhead.png', 'image/png', pdfOfSize(5000));
    const [answer] = await Promise.all([
      page.waitForResponse((response) => response.request().method() === 'POST'),
      page.getByRole('button', { name: 'Save template' }).click(),
    ]);
    await page.waitForLoadState();
    expect(answer.status()).toBe(415);
    expect(await page.locator('#letterhead-error').textContent()).toContain('the file is a PDF document, not a letterhead image');
    expect(await page.getByLabel(LABEL).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('alert').textContent()).toContain('Letterhead: the file is a PDF document');
    expect(await page.getByLabel("Signatory's title").inputValue()).toBe('Director General, Ministry of Foreign Affairs');
    // Nothing was saved: neither the title nor a file.
    expect(await template()).toMatchObject({ signatoryTitle: 'Director General (UN & Conferences)', letterheadFileId: before });
    expect(await storedFiles()).toEqual([before]);
    expect(await page.getByRole('img', { name: 'The current letterhead' }).isVisible()).toBe(true);
    problems.push(...(await inspectScreen(page, 'letters-letterhead-refused', 'Visa support letters')));
  });

  it('replaces the letterhead with another chosen file, removing the file before', async () => {
    const { page } = session;
    const before = (await template()).letterheadFileId;
    await choose(page, 'crest.png', 'image/png', letterheadBanner(1600, 200));
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.waitForURL(/\/letters\?done=saved$/);
    const after = (await template()).letterheadFileId;
    expect(after).not.toBe(before);
    expect(await storedFiles()).toEqual([after]);
    expect(await naturalWidth(page.getByRole('img', { name: 'The current letterhead' }))).toBe(1600);
  });

  it('removes the letterhead with its button', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'Remove letterhead' }).click();
    await page.waitForURL(/\/letters\?done=letterhead-removed$/);
    expect(await page.getByText('Letterhead removed').isVisible()).toBe(true);
    expect(await page.getByRole('img', { name: 'The current letterhead' }).count()).toBe(0);
    expect(await page.getByText('No letterhead yet').isVisible()).toBe(true);
    expect((await template()).letterheadFileId).toBeNull();
    expect(await storedFiles()).toEqual([]);
    problems.push(...(await inspectScreen(page, 'letters-letterhead-removed', 'Visa support letters')));
  });

  it('has no accessibility problem and no sideways scrolling on any of its states', () => {
    expect(problems).toEqual([]);
  });
});
