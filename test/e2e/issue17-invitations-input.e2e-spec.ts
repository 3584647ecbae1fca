import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { HOSTILE, httpSignIn, inspectScreen, signedIn } from '../support/console';
import { useApp } from '../support/context';
import { createEvent, createPublishedEvent, createUser, expectStatus, TestUser } from '../support/factories';
import { storedFor } from '../support/invitations';
import { outputPath } from '../support/paths';
import { useSmtpSink } from '../support/smtp';

/**
 * Issue 17, the Invitations screen's refusals: wrong columns, garbage, an empty paste and a file too big are refused
 * beside their field with the other input kept and nothing stored; a multipart POST without the CSRF token is 403;
 * hostile names show as text; a double "Send" mails once (the checked list's one-time key, kept by the database).
 */
describe('Console: invitations, bad input', () => {
  const env: Record<string, string> = { MAIL_POLL_INTERVAL_MS: '500', PUBLIC_URL: 'http://plenary.example.org' };
  const smtp = useSmtpSink(env);
  const ctx = useApp(env);
  let browser: Browser;
  let organiser: TestUser;
  let event: { id: string; title: string; slug: string };
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  const MB = 1024 * 1024;

  beforeAll(async () => {
    browser = await launchBrowser();
    organiser = await createUser(ctx.app.api, 'organiser', 'Organiser Person');
    event = await createPublishedEvent(organiser.api, { title: 'Regional Dialogue on Border Management' });
    ({ context, page } = await signedIn(browser, ctx.app.url, { email: organiser.email, password: 'correct horse battery staple' }));
    page.setDefaultTimeout(30_000);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  const formPath = () => `/console/events/${event.id}/mail/invitations`;
  const mailLog = async () =>
    expectStatus(await organiser.api.get(`/events/${event.id}/mail-log?pageSize=100`), 200, 'the mail log').items as unknown[];
  const nothingStored = async () => {
    expect(await storedFor(ctx.db, event.id)).toEqual({ mailings: 0, invitations: 0, mails: 0 });
    expect(await mailLog()).toEqual([]);
  };

  /** Chooses a file (written to disk first: large buffers are slow to hand to the browser), ticks "may be passed on", checks the list; answers the status the browser received. */
  const checkFile = async (name: string, buffer: Buffer) => {
    await page.goto(formPath());
    const file = outputPath('invitations', name);
    writeFileSync(file, buffer);
    await page.getByLabel('CSV file').setInputFiles(file);
    await page.getByLabel(/Invitations may be passed on/).check();
    const [response] = await Promise.all([
      page.waitForResponse((candidate) => candidate.url().endsWith('/mail/invitations/check'), { timeout: 60_000 }),
      page.getByRole('button', { name: 'Check the list' }).click(),
    ]);
    await page.waitForLoadState('domcontentloaded');
    return response.status();
  };
  const fileError = async () => {
    expect(await page.getByLabel('CSV file').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('alert').first().isVisible()).toBe(true);
    expect(await page.getByLabel(/Invitations may be passed on/).isChecked()).toBe(true);
    return page.locator('#file-error').textContent();
  };

  it('refuses a CSV with wrong columns beside the file field, naming the missing and unknown columns', async () => {
    expect(await checkFile('wrong.csv', Buffer.from('mail,first name,surname\r\na@example.org,A,B\r\n'))).toBe(400);
    expect(await fileError()).toMatch(/the column “email” is missing; unknown columns “mail”, “first name”, “surname”/);
    problems.push(...(await inspectScreen(page, 'invitations-form-errors', 'Invitations')));
    await nothingStored();
  });

  it('refuses 10 MB of garbage (413, over the file limit) and 1 MB of it (400, not UTF-8 text) beside the file field', async () => {
    expect(await checkFile('garbage.csv', randomBytes(10 * MB))).toBe(413);
    expect(await fileError()).toMatch(/The file is larger than 5 MB/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Invitations');
    expect(await checkFile('garbage.csv', randomBytes(MB))).toBe(400);
    expect(await fileError()).toMatch(/not a text file in UTF-8/);
    await nothingStored();
  });

  it('refuses an empty paste beside Addresses, and a file with a header only beside the file field', async () => {
    await page.goto(formPath());
    await page.getByLabel('Addresses').fill('   \n\n  ');
    const [response] = await Promise.all([
      page.waitForResponse((candidate) => candidate.url().endsWith('/mail/invitations/check')),
      page.getByRole('button', { name: 'Check the list' }).click(),
    ]);
    expect(response.status()).toBe(400);
    expect(await page.getByLabel('Addresses').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#addresses-error').textContent()).toMatch(/Paste at least one address/);
    expect(await checkFile('header.csv', Buffer.from('email,givenName\n'))).toBe(400);
    expect(await fileError()).toMatch(/a header row but no invitees/);
    await nothingStored();
  });

  it('answers a file over the limit that the browser sends whole (30 MB) with the 413 page, not a reset connection', async () => {
    const csv = Buffer.from(`email\n${'a@example.org\n'.repeat((30 * MB) / 14)}`);
    expect(await checkFile('huge.csv', csv)).toBe(413);
    expect(await fileError()).toMatch(/larger than 5 MB/);
    await nothingStored();
  });

  it('refuses a multipart POST without the CSRF token (403), and takes the same POST with it', async () => {
    const session = await httpSignIn(ctx.app.url, organiser.email);
    const post = (withToken: boolean) => {
      const form = new FormData();
      if (withToken) form.append('_csrf', session.csrf);
      form.append('file', new Blob(['email\nx@example.org\n'], { type: 'text/csv' }), 'list.csv');
      // The token after the file is read as well: the whole form is read before the guard checks it.
      return fetch(`${ctx.app.url}${formPath()}/check`, {
        method: 'POST',
        headers: { cookie: session.cookie },
        body: form,
        redirect: 'manual',
      });
    };
    const refused = await post(false);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('You do not have access');
    const taken = await post(true);
    expect(taken.status).toBe(200);
    expect(await taken.text()).toContain('Invitations to send');
    const late = new FormData();
    late.append('file', new Blob(['email\ny@example.org\n'], { type: 'text/csv' }), 'list.csv');
    late.append('_csrf', session.csrf);
    expect(
      (await fetch(`${ctx.app.url}${formPath()}/check`, { method: 'POST', headers: { cookie: session.cookie }, body: late })).status,
    ).toBe(200);
    // Other routes still refuse multipart bodies, and take their urlencoded forms as before.
    const elsewhere = new FormData();
    elsewhere.append('_csrf', session.csrf);
    const other = await fetch(`${ctx.app.url}/console/events/${event.id}/delegations`, {
      method: 'POST',
      headers: { cookie: session.cookie },
      body: elsewhere,
    });
    expect(other.status).toBe(415);
    await nothingStored();
  });

  it('shows hostile markup in a name as text in the report and in the preview, and a double "Send" mails once', async () => {
    await page.goto(formPath());
    await page
      .getByLabel('Addresses')
      .fill(`hostile@example.org, ${HOSTILE.markup}, Rahman\nnot an address\n${HOSTILE.rtl} <rtl@example.org>\n`);
    await page.getByRole('button', { name: 'Check the list' }).click();
    await page.getByRole('heading', { level: 1, name: 'Invitations to send' }).waitFor();
    expect(await page.getByRole('region', { name: 'Refused rows' }).locator('tbody tr').textContent()).toContain('2not an address');
    const first = page.getByRole('region', { name: 'The first invitees' }).locator('tbody tr').first();
    expect(await first.textContent()).toContain(`${HOSTILE.markup} Rahman`);
    expect(await page.locator('[data-preview-text]').textContent()).toContain(`Dear ${HOSTILE.markup} Rahman,`);
    const frame = page.frameLocator('iframe.mail-html');
    expect(await frame.getByText(`Dear ${HOSTILE.markup} Rahman,`).isVisible()).toBe(true);
    expect(await frame.locator('img, script').count()).toBe(0);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    // A full-page screenshot leaves the sandboxed frame blank (Chromium draws it apart); the section itself shows it.
    for (const viewport of [
      { width: 1280, height: 900 },
      { width: 390, height: 844 },
    ]) {
      await page.setViewportSize(viewport);
      await page
        .locator('.mail-preview')
        .screenshot({ path: outputPath('screenshots', 'console', `invitations-preview-element-${viewport.width}.png`) });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    problems.push(...(await inspectScreen(page, 'invitations-preview', 'Invitations to send')));
    await nothingStored();

    // Two posts of the same checked list at once (a double click past data-submit-once): one mailing, one mail each.
    const form = Object.fromEntries(
      await page
        .locator('form[action$="/mail/invitations/send"] input[type="hidden"]')
        .evaluateAll((inputs) => inputs.map((input) => [input.getAttribute('name') ?? '', input.getAttribute('value') ?? ''])),
    ) as Record<string, string>;
    const send = () => page.request.post(`${formPath()}/send`, { form, maxRedirects: 0 });
    const answers = await Promise.all([send(), send()]);
    expect(answers.map((answer) => answer.status())).toEqual([303, 303]);
    const [one, two] = answers.map((answer) => answer.headers().location);
    expect(one).toMatch(new RegExp(`^/console/events/${event.id}/mail/mailings/[0-9a-f-]{36}$`));
    expect(two).toBe(one);
    // And once more later, by the button (as a reload of the report page would): still the same mailing.
    await Promise.all([page.waitForURL(/\/mail\/mailings\//), page.getByRole('button', { name: 'Send 2 invitations' }).click()]);
    expect(new URL(page.url()).pathname).toBe(one);
    await smtp.sink.waitForCount(2, 60_000);
    await new Promise((done) => setTimeout(done, 3_000));
    expect((await smtp.sink.messages()).flatMap((message) => message.envelopeTo).sort()).toEqual([
      'hostile@example.org',
      'rtl@example.org',
    ]);
    expect(await storedFor(ctx.db, event.id)).toEqual({ mailings: 1, invitations: 2, mails: 2 });
    const mail = (await smtp.sink.messages()).find((message) => message.envelopeTo.includes('hostile@example.org'))!;
    expect(mail.text).toContain(`Dear ${HOSTILE.markup} Rahman,`);
  });

  it('refuses a changed or missing checked list at "Send" (400) and says so above the form', async () => {
    const session = await httpSignIn(ctx.app.url, organiser.email);
    const answer = await fetch(`${ctx.app.url}${formPath()}/send`, {
      method: 'POST',
      headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: session.csrf, batch: 'forged.list' }).toString(),
      redirect: 'manual',
    });
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('There is no checked list to send');
  });

  it('on a draft event, says the event must be published and offers no Send button', async () => {
    const draft = await createEvent(organiser.api, { title: 'Draft Meeting' });
    await page.goto(`/console/events/${draft.id}/mail/invitations`);
    expect(await page.getByText('The event is a draft: publish it before sending invitations').isVisible()).toBe(true);
    await page.getByLabel('Addresses').fill('someone@example.org');
    await page.getByRole('button', { name: 'Check the list' }).click();
    await page.getByRole('heading', { level: 1, name: 'Invitations to send' }).waitFor();
    expect(await page.getByRole('button', { name: /^Send/ }).count()).toBe(0);
    expect(await storedFor(ctx.db, draft.id)).toEqual({ mailings: 0, invitations: 0, mails: 0 });
  });

  it('the API takes the same one-time key: a repeat answers the first mailing, another event refuses the key (409)', async () => {
    const requestKey = '6a1f0d3e-9c1b-4f7e-8a55-0b6d2f4c9e71';
    const body = { recipients: [{ email: 'api.invitee@example.org' }], requestKey };
    const first = expectStatus(await organiser.api.post(`/events/${event.id}/invitations`, body), 202, 'the first send');
    const again = expectStatus(await organiser.api.post(`/events/${event.id}/invitations`, body), 202, 'the repeat');
    expect(first.repeated).toBeUndefined();
    expect(again).toMatchObject({ mailingId: first.mailingId, total: 1, repeated: true });
    const other = await createPublishedEvent(organiser.api, { title: 'Another Meeting' });
    const refused = await organiser.api.post(`/events/${other.id}/invitations`, body);
    expect(refused.status).toBe(409);
    expect(await storedFor(ctx.db, other.id)).toEqual({ mailings: 0, invitations: 0, mails: 0 });
  });

  it('finds nothing wrong on the screens it looked at', () => {
    expect(problems).toEqual([]);
  });
});
