import type { Browser, BrowserContext, Page } from 'playwright-core';
import { accessibilityProblems } from '../support/axe';
import { launchBrowser } from '../support/browser';
import { inspectScreen, signedIn, WIDTHS } from '../support/console';
import { useApp } from '../support/context';
import { createUser, expectStatus, TestUser } from '../support/factories';
import { absentNames, EXPECTED_LIST, seedParticipants, SeededList } from '../support/participants';
import { outputPath } from '../support/paths';
import { pdfText } from '../support/pdf';

/**
 * Issue 18: the organisers' List of Participants screen in a real browser (preview, Publish provisional, Publish
 * final, Unpublish, the PDF), the section of a delegation in its form, a registration's listing, and the consent
 * on the public register page.
 */
describe('Console: the List of Participants (issue 18)', () => {
  const ctx = useApp({ REGISTRATION_RATE_LIMIT: '0', MAIL_WORKER_CONCURRENCY: '0' });
  let browser: Browser;
  let organiser: TestUser;
  let seeded: SeededList;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  const publicStatus = async () => (await fetch(`${ctx.app.url}/events/${seeded.event.slug}/participants`)).status;

  beforeAll(async () => {
    browser = await launchBrowser();
    organiser = await createUser(ctx.app.api, 'organiser', 'Organiser Person');
    seeded = await seedParticipants(organiser.api, ctx.app.api, 'Islamabad Conference on Migrant Smuggling');
    ({ context, page } = await signedIn(browser, ctx.app.url, { email: organiser.email, password: 'correct horse battery staple' }));
    page.setDefaultTimeout(15_000);
  }, 300_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('opens from the event’s tabs and previews the list in its order, without those who did not agree, before anything is public', async () => {
    await page.goto(`/console/events/${seeded.event.id}/registrations`);
    await Promise.all([page.waitForURL(/\/participants$/), page.getByRole('link', { name: 'Participants', exact: true }).click()]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('List of Participants');
    expect(await page.locator('#participants-list-status').textContent()).toBe('Not published');
    const preview = page.getByRole('region', { name: 'Preview' });
    expect((await preview.getByRole('heading', { level: 3 }).allTextContents()).map((text) => text.trim())).toEqual(
      EXPECTED_LIST.map((section) => section.heading),
    );
    expect((await preview.getByRole('heading', { level: 4 }).allTextContents()).map((text) => text.trim())).toEqual(
      EXPECTED_LIST.flatMap((section) => section.groups.map((group) => group.heading)),
    );
    const shown = await preview.textContent();
    for (const name of absentNames()) expect(shown).not.toContain(name);
    expect(await page.getByRole('button', { name: 'Unpublish' }).count()).toBe(0);
    expect(await publicStatus()).toBe(404);

    const pdf = await context.request.get(`${ctx.app.url}/console/events/${seeded.event.id}/participants/list.pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect(pdfText(await pdf.body())).toContain('Preview for the organisers: the list is not published.');
    problems.push(...(await inspectScreen(page, 'participants-unpublished', 'List of Participants')));
  });

  it('publishes the provisional list, then the final one, then takes it down, each with a notice after the redirect', async () => {
    await Promise.all([page.waitForURL(/\?done=provisional$/), page.getByRole('button', { name: 'Publish provisional' }).click()]);
    expect(await page.getByRole('status').first().textContent()).toContain('The provisional list is published');
    expect(await page.locator('#participants-list-status').textContent()).toBe('Published as provisional');
    expect(await page.getByRole('button', { name: 'Publish provisional' }).count()).toBe(0);
    expect(await publicStatus()).toBe(200);
    const publicPage = await context.newPage();
    await publicPage.goto(`/events/${seeded.event.slug}/participants`);
    expect(await publicPage.getByRole('heading', { level: 1 }).textContent()).toBe('Provisional list of participants');
    for (const viewport of WIDTHS) {
      await publicPage.setViewportSize(viewport);
      await publicPage.screenshot({
        path: outputPath('screenshots', 'pages', `participants-provisional-${viewport.width}.png`),
        fullPage: true,
      });
      problems.push(...(await accessibilityProblems(publicPage)).map((problem) => `public list at ${viewport.width}: ${problem}`));
    }
    await publicPage.close();
    problems.push(...(await inspectScreen(page, 'participants-provisional', 'List of Participants')));

    let question = '';
    page.once('dialog', (dialog) => {
      question = dialog.message();
      void dialog.accept();
    });
    await Promise.all([page.waitForURL(/\?done=final$/), page.getByRole('button', { name: 'Publish final' }).click()]);
    expect(question).toBe('Publish the final List of Participants?');
    expect(await page.locator('#participants-list-status').textContent()).toBe('Published as final');
    expect(await (await fetch(`${ctx.app.url}/events/${seeded.event.slug}/participants`)).text()).toContain(
      '<h1>List of participants</h1>',
    );

    page.once('dialog', (dialog) => void dialog.accept());
    await Promise.all([page.waitForURL(/\?done=unpublished$/), page.getByRole('button', { name: 'Unpublish' }).click()]);
    expect(await page.getByRole('status').first().textContent()).toContain('The list is no longer public.');
    expect(await publicStatus()).toBe(404);
  });

  it('chooses a delegation’s section in its form, refusing one that does not fit its kind beside the field', async () => {
    await page.goto(`/console/events/${seeded.event.id}/delegations`);
    await page.getByLabel(/^Name/).fill('Republic of Chile');
    await page.getByLabel('Kind').selectOption('country');
    await page.getByLabel('Country', { exact: true }).selectOption({ label: 'Chile' });
    await page.getByLabel('Quota').fill('2');
    await page.getByLabel('Section in the List of Participants').selectOption({ label: 'Civil society and others' });
    await page.getByRole('button', { name: 'Add delegation' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByLabel('Section in the List of Participants').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#section-error').textContent()).toContain(
      'a country delegation is listed among Member States or Observer States',
    );
    expect(await page.getByLabel(/^Name/).inputValue()).toBe('Republic of Chile');
    await page.getByLabel('Section in the List of Participants').selectOption({ label: 'Observer State' });
    await Promise.all([
      page.waitForURL(/\/delegations\/[0-9a-f-]{36}\?done=created$/),
      page.getByRole('button', { name: 'Add delegation' }).click(),
    ]);
    const listedIn = page.locator('dl.details dt:text-is("List of Participants") + dd');
    expect(await listedIn.textContent()).toBe('Observer State');
    expect(await page.getByLabel('Section in the List of Participants').inputValue()).toBe('observer_state');
    await page.getByLabel('Section in the List of Participants').selectOption({ label: 'Member State' });
    await Promise.all([page.waitForURL(/\?done=saved$/), page.getByRole('button', { name: 'Save changes' }).click()]);
    expect(await listedIn.textContent()).toBe('Member State');
  });

  it('shows and changes a registration’s listing and precedence, an error beside Precedence with the input kept', async () => {
    const id = seeded.ids.get('Nadeem Nolist')!;
    await page.goto(`/console/events/${seeded.event.id}/registrations/${id}`);
    const listed = page.getByRole('checkbox', { name: /^Listed/ });
    expect(await listed.isChecked()).toBe(false);
    await listed.check();
    await page.getByLabel('Precedence').fill('-4');
    await page.getByRole('button', { name: 'Save listing' }).click();
    await page.locator('#precedence-error').waitFor();
    expect(await page.getByLabel('Precedence').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Precedence').inputValue()).toBe('-4');
    expect(await page.getByRole('checkbox', { name: /^Listed/ }).isChecked()).toBe(true);
    problems.push(...(await inspectScreen(page, 'registration-listing-error', 'Mr Nadeem Nolist')));
    await page.getByLabel('Precedence').fill('7');
    await Promise.all([page.waitForURL(/\?done=listing$/), page.getByRole('button', { name: 'Save listing' }).click()]);
    expect(await page.getByRole('status').first().textContent()).toBe('List of Participants settings saved.');
    expect(await page.getByRole('checkbox', { name: /^Listed/ }).isChecked()).toBe(true);
    expect(await page.getByLabel('Precedence').inputValue()).toBe('7');
    const registration = expectStatus(await organiser.api.get(`/events/${seeded.event.id}/registrations?q=nolist`), 200, 'list').items[0];
    expect([registration.listed, registration.precedence]).toEqual([true, 7]);
  });

  it('asks a registrant on the register page whether to be listed, with a clear label', async () => {
    const register = await context.newPage();
    await register.goto(`/events/${seeded.event.slug}/register`);
    const consent = register.getByRole('checkbox', { name: /^List me in the published List of Participants/ });
    expect(await consent.isChecked()).toBe(false);
    problems.push(...(await accessibilityProblems(register)).map((problem) => `register page: ${problem}`));
    await register.getByLabel('Given name').fill('Farah');
    await register.getByLabel('Family name').fill('Listed');
    await register.getByLabel('Email').fill('farah.listed@example.org');
    await consent.check();
    await register.getByRole('button', { name: 'Register' }).click();
    await register.getByRole('heading', { level: 1 }).waitFor();
    const row = expectStatus(await organiser.api.get(`/events/${seeded.event.id}/registrations?q=farah.listed`), 200, 'list').items[0];
    expect(row.listed).toBe(true);
    await register.close();
    expect(problems).toEqual([]);
  });
});
