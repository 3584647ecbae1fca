import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { HOSTILE, inspectScreen, signedIn } from '../support/console';
import { useApp } from '../support/context';
import { createPublishedEvent, createUser, expectStatus, TestUser } from '../support/factories';

/**
 * Issue 18, the console's letters screen: an organiser writes the event's visa letter template, sees the
 * preview with sample values (escaped), is refused a broken placeholder beside the field with the line, and
 * saves; the API then answers the saved template.
 */
describe('The console screen of visa letters', () => {
  const ctx = useApp();
  let browser: Browser;
  let organiser: TestUser;
  let event: { id: string };
  let session: { context: BrowserContext; page: Page };
  const problems: string[] = [];

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

  it('opens with the default body, its preview with sample values, and says that no template is saved yet', async () => {
    const { page } = session;
    await page.goto(`/console/events/${event.id}/letters`);
    expect(await page.getByText('No template saved yet').isVisible()).toBe(true);
    expect(await page.getByRole('textbox', { name: 'Body', exact: true }).inputValue()).toContain('{{passportNumber}}');
    const preview = page.getByLabel("Preview of the letter's body");
    expect(await preview.textContent()).toContain('holder of passport number AB1234567');
    expect(await page.getByRole('link', { name: 'Download all letters (ZIP)' }).isVisible()).toBe(true);
    problems.push(...(await inspectScreen(page, 'letters-default', 'Visa support letters')));
  });

  it('refuses a broken placeholder beside the body with its line, keeping what was typed, and previews escaped text', async () => {
    const { page } = session;
    const typed = `Dear {{fullName}},\n\n${HOSTILE.markup} is noted.\n\nYour passport {{passport}}.`;
    await page.getByRole('textbox', { name: 'Body', exact: true }).fill(typed);
    await page.getByLabel("Signatory's name").fill('Amb. Farah Siddiqui');
    await page.getByLabel("Signatory's title").fill('Director General');
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#body-error').textContent()).toMatch(/^line 5: \{\{passport\}\} is not a placeholder/);
    expect(await page.getByRole('textbox', { name: 'Body', exact: true }).inputValue()).toBe(typed);
    expect(await page.getByRole('alert').textContent()).toContain('Body: line 5');
    problems.push(...(await inspectScreen(page, 'letters-refused', 'Visa support letters')));

    await page
      .getByRole('textbox', { name: 'Body', exact: true })
      .fill(`Dear {{fullName}},\n\n${HOSTILE.markup} is noted, passport {{passportNumber}}.`);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.waitForLoadState();
    const preview = await page.getByLabel("Preview of the letter's body").textContent();
    expect(preview).toContain('Dear H.E. Ms Amina Rahman,');
    expect(preview).toContain(`${HOSTILE.markup} is noted, passport AB1234567.`);
    expect(await page.evaluate<unknown>('window.__pwned')).toBeUndefined();
    expect(await page.getByRole('status').first().textContent()).toContain('not saved yet');
  });

  it('saves the template, which the API then answers', async () => {
    const { page } = session;
    await page
      .getByRole('textbox', { name: 'Body', exact: true })
      .fill('We are pleased to confirm that {{fullName}}, passport {{passportNumber}}, attends the {{eventTitle}}.');
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.waitForURL(/\/letters\?done=saved$/);
    expect(await page.getByText('Letter template saved').isVisible()).toBe(true);
    problems.push(...(await inspectScreen(page, 'letters-saved', 'Visa support letters')));
    const saved = expectStatus(await organiser.api.get(`/events/${event.id}/letter-template`), 200, 'template');
    expect(saved).toMatchObject({
      saved: true,
      body: 'We are pleased to confirm that {{fullName}}, passport {{passportNumber}}, attends the {{eventTitle}}.',
      signatoryName: 'Amb. Farah Siddiqui',
      signatoryTitle: 'Director General',
    });
  });

  it('has no accessibility problem and no sideways scrolling on any of its states', () => {
    expect(problems).toEqual([]);
  });
});
