import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { HOSTILE, WIDTHS, httpSignIn, inspectScreen, signedIn } from '../support/console';
import { useApp } from '../support/context';
import { createPublishedEvent, createUser, expectStatus, invitees, registrant, TestUser } from '../support/factories';
import { eventually, waitForMailing } from '../support/mailings';
import { outputPath } from '../support/paths';
import { useSmtpSink } from '../support/smtp';

interface LogEntry {
  id: string;
  to: string;
  template: string;
  status: 'queued' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  messageId: string;
}

/**
 * Issue 17: the console's mail log in a real browser against the real server, PostgreSQL and an SMTP sink
 * that refuses some recipients: filters in the URL, one mail as it was sent, and Retry of a failed mail,
 * which reaches the relay exactly once however often it is clicked.
 */
describe('Console: the mail log', () => {
  const env: Record<string, string> = {
    REGISTRATION_RATE_LIMIT: '0',
    MAIL_POLL_INTERVAL_MS: '500',
    PUBLIC_URL: 'http://plenary.example.org',
  };
  const smtp = useSmtpSink(env);
  const ctx = useApp(env);
  const password = 'correct horse battery staple';
  let browser: Browser;
  let organiser: TestUser;
  let event: { id: string; slug: string; title: string };
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  const title = 'International Conference on Countering the Smuggling of Migrants';
  const invitationSubject = `Invitation: ${title}, 26–27 November 2025`;

  const logPath = () => `/console/events/${event.id}/mail`;
  const apiLog = async (query = '') =>
    expectStatus(await organiser.api.get(`/events/${event.id}/mail-log?pageSize=500${query}`), 200, 'the mail log').items as LogEntry[];
  const mailTo = async (email: string) =>
    eventually(async () => (await apiLog()).find((entry) => entry.to === email), 30_000, `the mail to ${email}`);
  const settled = (email: string, status: LogEntry['status']) =>
    eventually(async () => (await apiLog()).find((entry) => entry.to === email && entry.status === status), 60_000, `${email} ${status}`);
  const received = async (email: string) => (await smtp.sink.messages()).filter((message) => message.envelopeTo.includes(email));
  const invite = async (recipients: { email: string; givenName?: string; familyName?: string }[], eventId = event.id) =>
    expectStatus(await organiser.api.post(`/events/${eventId}/invitations`, { recipients }), 202, 'invitations').mailingId as string;
  const tableRows = () => page.getByRole('region', { name: 'Mails of the event, newest first' }).locator('tbody tr');

  /** Full-page screenshots leave a sandboxed frame below the fold blank (it paints in its own process): the frame, photographed by itself at both widths. */
  const photographFrame = async (name: string) => {
    for (const viewport of WIDTHS) {
      await page.setViewportSize(viewport);
      await page.locator('iframe.mail-frame').screenshot({ path: outputPath('screenshots', 'console', `${name}-${viewport.width}.png`) });
    }
    await page.setViewportSize(WIDTHS[0]);
  };

  beforeAll(async () => {
    browser = await launchBrowser();
    organiser = await createUser(ctx.app.api, 'organiser', 'Organiser Person');
    event = await createPublishedEvent(organiser.api, { title });
    // The relay refuses these recipients for good (550 to RCPT TO): their mail fails at once.
    await smtp.sink.rejectRecipients(/@refused\.example\.org$/, 550);
    const mailing = await invite([
      { email: 'amina.rahman@example.org', givenName: 'Amina', familyName: 'Rahman' },
      { email: 'bilal.khan@example.org', givenName: 'Bilal', familyName: 'Khan' },
      { email: 'nadia.ali@refused.example.org', givenName: 'Nadia', familyName: 'Ali' },
      { email: 'hostile@example.org', givenName: HOSTILE.markup, familyName: 'Test' },
    ]);
    await waitForMailing(organiser.api, mailing, 60_000);
    expectStatus(
      await ctx.app.api.post(
        `/events/${event.slug}/registrations`,
        registrant({ email: 'sara.lee@example.org', givenName: 'Sara', familyName: 'Lee' }),
      ),
      201,
      'a registration',
    );
    await settled('sara.lee@example.org', 'sent');
    ({ context, page } = await signedIn(browser, ctx.app.url, { email: organiser.email, password }));
    page.setDefaultTimeout(20_000);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it("is the Mail tab's landing page: every mail of the event, newest first, without a link's token", async () => {
    await page.goto(`/console/events/${event.id}`);
    await page.getByRole('navigation', { name: 'Event' }).getByRole('link', { name: 'Mail' }).click();
    await page.waitForURL(`**${logPath()}`);
    expect(await page.getByRole('navigation', { name: 'Mail' }).getByRole('link', { name: 'Mail log' }).getAttribute('aria-current')).toBe(
      'page',
    );
    expect(await tableRows().count()).toBe(5);
    expect(await page.getByRole('status').first().textContent()).toContain('5 mails, newest first');
    // The registration came last, so it is first; its subject was rendered for the list.
    expect(await tableRows().first().getByRole('link').textContent()).toBe(`Registration confirmed: ${title}`);
    const failed = page.getByRole('row', { name: /Nadia Ali/ });
    expect(await failed.getByText('failed', { exact: true }).isVisible()).toBe(true);
    expect(await failed.textContent()).toContain('550');
    // Neither the list nor the API's log carries a personal link.
    expect(await page.content()).not.toMatch(/invitation=|registrations\/manage\//);
    expect(JSON.stringify(await apiLog())).not.toMatch(/invitation=|registrations\/manage\/|plenary\.example\.org/);
    problems.push(...(await inspectScreen(page, 'mail-log', 'Mail log')));
  });

  it('filters by status, template and recipient, in the URL', async () => {
    await page.goto(logPath());
    await page.getByLabel('Status').selectOption('failed');
    await Promise.all([page.waitForURL(/status=failed/), page.getByRole('button', { name: 'Apply filters' }).click()]);
    expect(new URL(page.url()).searchParams.get('status')).toBe('failed');
    expect(await tableRows().count()).toBe(1);
    expect(await tableRows().first().textContent()).toContain('nadia.ali@refused.example.org');

    await page.getByRole('link', { name: 'Clear filters' }).click();
    await page.getByLabel('Template').selectOption({ label: 'Registration confirmed' });
    await Promise.all([page.waitForURL(/template=registration_confirmed/), page.getByRole('button', { name: 'Apply filters' }).click()]);
    expect(await tableRows().count()).toBe(1);
    expect(await tableRows().first().textContent()).toContain('sara.lee@example.org');

    // Part of an address or of a name, in any case; combined with the other filters.
    await page.goto(`${logPath()}?recipient=BILAL`);
    expect(await tableRows().count()).toBe(1);
    expect(await page.getByLabel('Recipient').inputValue()).toBe('BILAL');
    await page.goto(`${logPath()}?recipient=rahman&status=sent&template=invitation`);
    expect(await tableRows().count()).toBe(1);
    expect(await page.getByLabel('Status').inputValue()).toBe('sent');
    await page.goto(`${logPath()}?status=sent&template=invitation`);
    expect(await tableRows().count()).toBe(3);
    await page.goto(`${logPath()}?recipient=${encodeURIComponent('%')}`);
    expect(await page.getByText('No mail matches these filters.').isVisible()).toBe(true);
    expect((await apiLog('&recipient=refused.example&status=failed')).map((entry) => entry.to)).toEqual(['nadia.ali@refused.example.org']);
  });

  it('refuses a bad filter beside its field, keeping what was asked', async () => {
    const response = await page.goto(`${logPath()}?status=bogus&recipient=${'r'.repeat(321)}&template=password_reset`);
    expect(response?.status()).toBe(400);
    await page.getByRole('alert').waitFor();
    for (const [label, id] of [
      ['Status', 'status'],
      ['Recipient', 'recipient'],
      ['Template', 'template'],
    ]) {
      expect([label, await page.getByLabel(label).getAttribute('aria-invalid')]).toEqual([label, 'true']);
      expect(await page.locator(`#${id}-error`).textContent()).not.toBe('');
    }
    expect(await page.getByLabel('Recipient').inputValue()).toBe('r'.repeat(321));
    expect(await page.locator('#template-error').textContent()).toBe('must be the name of one of the mail templates');
    expect(await tableRows().count()).toBe(0);
  });

  it('opens one mail: what was sent, as the relay received it, with its delivery', async () => {
    await page.goto(logPath());
    await page
      .getByRole('row', { name: /Bilal Khan/ })
      .getByRole('link')
      .click();
    await page.waitForURL(/\/mail\/log\/[0-9a-f-]{36}$/);
    const entry = await mailTo('bilal.khan@example.org');
    expect(new URL(page.url()).pathname).toBe(`${logPath()}/log/${entry.id}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(invitationSubject);
    const facts = page.getByRole('region', { name: 'Delivery' });
    expect(await facts.textContent()).toContain('Bilal Khan <bilal.khan@example.org>');
    expect(await facts.getByText('sent', { exact: true }).isVisible()).toBe(true);
    expect(await page.locator('code.message-id').textContent()).toBe(entry.messageId);
    expect(await page.getByRole('button', { name: 'Retry' }).count()).toBe(0);

    const [sent] = await received('bilal.khan@example.org');
    expect(sent.messageId).toBe(entry.messageId);
    expect(sent.subject).toBe(invitationSubject);
    // The text part shown is the text the relay received, personal link included.
    const shown = (await page.getByLabel('The text part of the mail').textContent()) ?? '';
    expect(shown.trim()).toBe(sent.text!.trim());
    expect(shown).toMatch(/register\?invitation=[\w-]{20,}/);
    expect(await page.locator('iframe.mail-frame').getAttribute('sandbox')).toBe('');
    await page.frameLocator('iframe.mail-frame').getByText('Dear Bilal Khan').waitFor();
    expect(await page.frameLocator('iframe.mail-frame').getByRole('link', { name: 'Register for the event' }).getAttribute('href')).toMatch(
      /register\?invitation=[\w-]{20,}$/,
    );
    problems.push(...(await inspectScreen(page, 'mail-message', invitationSubject)));
    await photographFrame('mail-message-frame');
  });

  it('shows a failed mail with its last error; Retry sends it once the relay takes it, exactly once', async () => {
    const entry = await mailTo('nadia.ali@refused.example.org');
    expect(entry).toMatchObject({ status: 'failed', attempts: 1 });
    await page.goto(`${logPath()}/log/${entry.id}`);
    const facts = page.getByRole('region', { name: 'Delivery' });
    expect(await facts.getByText('failed', { exact: true }).isVisible()).toBe(true);
    expect(await facts.textContent()).toMatch(/550.*Recipient nadia\.ali@refused\.example\.org refused by the test/);
    problems.push(...(await inspectScreen(page, 'mail-message-failed', invitationSubject)));
    expect(await received('nadia.ali@refused.example.org')).toEqual([]);

    await smtp.sink.rejectRecipients(null);
    await Promise.all([page.waitForURL(/\?done=retried$/), page.getByRole('button', { name: 'Retry' }).click()]);
    expect(await page.getByRole('status').first().textContent()).toContain('queued again');
    await settled('nadia.ali@refused.example.org', 'sent');
    const delivered = await received('nadia.ali@refused.example.org');
    expect(delivered.map((message) => message.messageId)).toEqual([entry.messageId]);
    await page.reload();
    expect(await facts.getByText('sent', { exact: true }).isVisible()).toBe(true);
    expect(await facts.textContent()).toContain('Attempts2');
    expect(await page.getByRole('button', { name: 'Retry' }).count()).toBe(0);
  });

  it('retries a mail once when Retry is posted twice at once (a double click), and the API refuses a mail that has not failed', async () => {
    await smtp.sink.rejectRecipients(/@refused\.example\.org$/, 550);
    await waitForMailing(
      organiser.api,
      await invite([{ email: 'omar.farouk@refused.example.org', givenName: 'Omar', familyName: 'Farouk' }]),
    );
    const entry = await settled('omar.farouk@refused.example.org', 'failed');
    await smtp.sink.rejectRecipients(null);

    const session = await httpSignIn(ctx.app.url, organiser.email);
    const post = () =>
      fetch(`${ctx.app.url}${logPath()}/log/${entry.id}/retry`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: session.csrf }).toString(),
      });
    const answers = await Promise.all([post(), post()]);
    expect(answers.map((answer) => answer.status)).toEqual([303, 303]);
    expect(answers.map((answer) => answer.headers.get('location')?.split('?done=')[1]).sort()).toEqual(['not-failed', 'retried']);
    await settled('omar.farouk@refused.example.org', 'sent');
    expect((await received('omar.farouk@refused.example.org')).length).toBe(1);

    const again = await organiser.api.post(`/mail/${entry.id}/retry`);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'MAIL_NOT_FAILED', status: 'sent' });
    expect((await organiser.api.post(`/mail/00000000-0000-4000-8000-000000000009/retry`)).status).toBe(404);
    const outsider = await createUser(ctx.app.api, 'organiser');
    expect((await outsider.api.post(`/mail/${entry.id}/retry`)).status).toBe(403);
    expect((await received('omar.farouk@refused.example.org')).length).toBe(1);
  });

  it('retries through the API: the failed mail is queued again and sent once', async () => {
    await smtp.sink.rejectRecipients(/@refused\.example\.org$/, 550);
    await waitForMailing(organiser.api, await invite([{ email: 'lena.berg@refused.example.org', givenName: 'Lena', familyName: 'Berg' }]));
    const entry = await settled('lena.berg@refused.example.org', 'failed');
    await smtp.sink.rejectRecipients(null);
    const [first, second] = await Promise.all([
      organiser.api.post(`/mail/${entry.id}/retry`),
      organiser.api.post(`/mail/${entry.id}/retry`),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    expect([first, second].find((answer) => answer.status === 200)!.body).toMatchObject({ id: entry.id, messageId: entry.messageId });
    await settled('lena.berg@refused.example.org', 'sent');
    expect((await received('lena.berg@refused.example.org')).length).toBe(1);
  });

  it('shows a hostile recipient name as text: nothing runs, the mail frame is sandboxed', async () => {
    await page.goto(`${logPath()}?recipient=hostile`);
    expect(await tableRows().first().getByText(HOSTILE.markup).isVisible()).toBe(true);
    await tableRows().first().getByRole('link').click();
    await page.waitForURL(/\/mail\/log\/[0-9a-f-]{36}$/);
    expect(await page.getByRole('region', { name: 'Delivery' }).getByText(HOSTILE.markup).isVisible()).toBe(true);
    expect(await page.getByLabel('The text part of the mail').textContent()).toContain(`Dear ${HOSTILE.markup} Test,`);
    await page.frameLocator('iframe.mail-frame').getByText(`Dear ${HOSTILE.markup} Test`).waitFor();
    expect(await page.locator('iframe.mail-frame').getAttribute('sandbox')).toBe('');
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
  });

  it("answers 404 for another event's mail, an unknown one and a malformed id", async () => {
    const other = await createPublishedEvent(organiser.api, { title: 'Regional Workshop' });
    await waitForMailing(organiser.api, await invite([{ email: 'elsewhere@example.org' }], other.id));
    const elsewhere = expectStatus(await organiser.api.get(`/events/${other.id}/mail-log`), 200, 'other log').items[0] as LogEntry;
    expect((await page.goto(`${logPath()}/log/${elsewhere.id}`))?.status()).toBe(404);
    expect((await page.goto(`/console/events/${other.id}/mail/log/${elsewhere.id}`))?.status()).toBe(200);
    expect((await page.goto(`${logPath()}/log/00000000-0000-4000-8000-000000000009`))?.status()).toBe(404);
    expect((await page.goto(`${logPath()}/log/not-a-mail`))?.status()).toBe(404);
  });

  it('pages through a long log, 50 at a time, keeping the filters', async () => {
    await waitForMailing(organiser.api, await invite(invitees(52, 'many.example.org')), 120_000);
    await page.goto(`${logPath()}?template=invitation`);
    expect(await tableRows().count()).toBe(50);
    expect(await page.getByText('Page 1 of 2').isVisible()).toBe(true);
    await page.getByRole('link', { name: 'Next page' }).click();
    await page.waitForURL(/page=2/);
    expect(new URL(page.url()).searchParams.get('template')).toBe('invitation');
    const total = (await apiLog('&template=invitation')).length;
    expect(await tableRows().count()).toBe(total - 50);
  });

  it('has screens without problems at both widths', () => {
    expect(problems).toEqual([]);
  });
});
