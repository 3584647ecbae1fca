import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { inspectScreen, signedIn } from '../support/console';
import { useApp } from '../support/context';
import { createPublishedEvent, createUser, expectStatus, TestUser } from '../support/factories';
import { eventually } from '../support/mailings';
import { useSmtpSink } from '../support/smtp';
import { invitationCsv, storedFor } from '../support/invitations';

/**
 * Issue 17, the Invitations screen's story: an organiser uploads a CSV of 500 invitees with three bad rows, sees exactly
 * those refused by row number and reason, previews the first mail, sends to the 497 and watches the mailing page's bar
 * reach 497 sent while the SMTP sink receives 497 mails, one per invitee. Real server, PostgreSQL, SMTP sink, Chromium.
 */
describe('Console: invitations, 500 invitees from a CSV file', () => {
  const env: Record<string, string> = { MAIL_POLL_INTERVAL_MS: '500', PUBLIC_URL: 'http://plenary.example.org' };
  const smtp = useSmtpSink(env);
  const ctx = useApp(env);
  let browser: Browser;
  let organiser: TestUser;
  let event: { id: string; title: string; slug: string };
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  let kenya: { id: string; code: string };
  let pakistan: { id: string; code: string };

  beforeAll(async () => {
    browser = await launchBrowser();
    organiser = await createUser(ctx.app.api, 'organiser', 'Organiser Person');
    event = await createPublishedEvent(organiser.api, { title: 'Ministerial Conference on Migration' });
    const delegation = async (name: string, countryCode: string) =>
      expectStatus<{ id: string; code: string }>(
        await organiser.api.post(`/events/${event.id}/delegations`, { name, kind: 'country', countryCode, quota: 400 }),
        201,
        name,
      );
    kenya = await delegation('Republic of Kenya', 'KE');
    pakistan = await delegation('Islamic Republic of Pakistan', 'PK');
    ({ context, page } = await signedIn(browser, ctx.app.url, { email: organiser.email, password: 'correct horse battery staple' }));
    page.setDefaultTimeout(30_000);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('checks 500 rows, refuses exactly the 3 bad ones by row and reason, previews the first mail, and sends 497 mails once each', async () => {
    // Rows 2–501 (the header is row 1); delegations by code (in lower case) and by name (in capitals).
    const { csv, good } = invitationCsv(500, {
      delegationOf: (row) => (row % 3 === 0 ? kenya.code.toLowerCase() : row % 3 === 1 ? 'ISLAMIC REPUBLIC OF PAKISTAN' : ''),
      bad: { 10: 'email', 20: 'duplicate-of-5', 30: 'delegation' },
    });
    expect(good).toHaveLength(497);

    await page.goto(`/console/events/${event.id}/mail/invitations`);
    problems.push(...(await inspectScreen(page, 'invitations-form', 'Invitations')));
    await page.getByLabel('CSV file').setInputFiles({ name: 'invitees.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}`) });
    const [checked] = await Promise.all([
      page.waitForResponse((response) => response.url().endsWith('/mail/invitations/check')),
      page.getByRole('button', { name: 'Check the list' }).click(),
    ]);
    expect(checked.status()).toBe(200);
    await page.getByRole('heading', { level: 1, name: 'Invitations to send' }).waitFor();
    expect(await page.locator('[data-accepted-count]').textContent()).toBe('497');
    expect(await page.locator('[data-refused-count]').textContent()).toBe('3');
    expect(await page.getByText('of 500 rows in invitees.csv').isVisible()).toBe(true);

    const refused = page.getByRole('region', { name: 'Refused rows' }).locator('tbody tr');
    const rows = await refused.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim())));
    expect(rows).toEqual([
      ['10', 'not-an-email', 'Email must be an email address'],
      ['20', 'INVITEE-5@EXAMPLE.ORG', 'Duplicate: the same email as row 5'],
      ['30', 'invitee-30@example.org', expect.stringMatching(/^Unknown delegation “Atlantis”/)],
    ]);

    // The first invitees with their delegations resolved, by code and by name.
    const first = page.getByRole('region', { name: 'The first invitees' }).locator('tbody tr');
    expect(await first.nth(0).textContent()).toMatch(/^2invitee-2@example.orgGiven2 Family 2—$/);
    expect(await first.nth(1).textContent()).toContain('Republic of Kenya');
    expect(await first.nth(2).textContent()).toContain('Islamic Republic of Pakistan');

    // The preview: the mail to the first accepted invitee (row 2), by the templates real mails use.
    expect(await page.getByRole('heading', { name: 'Preview: the mail to invitee-2@example.org' }).isVisible()).toBe(true);
    const preview = {
      subject: (await page.locator('[data-preview-subject]').textContent())!,
      text: (await page.locator('[data-preview-text]').textContent())!,
      html: (await page.locator('iframe.mail-html').getAttribute('srcdoc'))!,
    };
    expect(preview.subject).toMatch(new RegExp(`^Invitation: ${event.title}, `));
    expect(preview.text).toContain('Dear Given2 Family 2,');
    const frame = page.frameLocator('iframe.mail-html');
    expect(await frame.getByText('Dear Given2 Family 2,').isVisible()).toBe(true);
    expect(await frame.getByRole('link', { name: 'Register for the event' }).getAttribute('href')).toBe(
      `http://plenary.example.org/events/${event.slug}/register?invitation=personal-link-made-when-sent`,
    );
    expect(await storedFor(ctx.db, event.id)).toEqual({ mailings: 0, invitations: 0, mails: 0 });
    problems.push(...(await inspectScreen(page, 'invitations-report', 'Invitations to send')));

    await Promise.all([
      page.waitForURL(/\/mail\/mailings\/[0-9a-f-]{36}$/, { timeout: 60_000 }),
      page.getByRole('button', { name: 'Send 497 invitations' }).click(),
    ]);
    const mailingId = /\/mailings\/([0-9a-f-]{36})$/.exec(page.url())![1];
    const mailing = expectStatus(await organiser.api.get(`/mailings/${mailingId}`), 200, 'the mailing');
    expect(mailing.total).toBe(497);

    // The bar on the mailing page reaches 497 sent (it polls), while the sink receives 497 mails.
    const bar = page.getByRole('progressbar', { name: 'Sent' });
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Mailing');
    await eventually(async () => (await bar.getAttribute('value')) === '497', 120_000, 'the bar at 497 sent');
    expect(await page.locator('[data-count="sent"]').textContent()).toBe('497');
    expect(await bar.getAttribute('max')).toBe('497');
    await smtp.sink.waitForCount(497, 120_000);
    const received = (await smtp.sink.messages()).flatMap((message) => message.envelopeTo);
    expect(received).toHaveLength(497);
    expect(new Set(received).size).toBe(497);
    expect([...received].sort()).toEqual(good.map((row) => row.email.toLowerCase()).sort());
    expect(await storedFor(ctx.db, event.id)).toEqual({ mailings: 1, invitations: 497, mails: 497 });

    // The preview was the real mail: the first invitee's has the same subject and text, but its own link.
    const mail = (await smtp.sink.messages()).find((message) => message.envelopeTo.includes('invitee-2@example.org'))!;
    expect(mail.subject).toBe(preview.subject);
    const token = /\?invitation=([\w-]+)/.exec(mail.text!)![1];
    expect(token).not.toBe('personal-link-made-when-sent');
    expect(mail.text!.trim()).toBe(preview.text.replace('personal-link-made-when-sent', token).trim());

    // Each invitation carries its delegation, named by code or by name.
    const { rows: invitations } = await ctx.db.query<{ email: string; delegation_id: string | null }>(
      'SELECT email, delegation_id FROM invitation WHERE event_id = $1 ORDER BY email',
      [event.id],
    );
    const delegationOf = new Map(invitations.map((row) => [row.email, row.delegation_id]));
    expect(delegationOf.get('invitee-3@example.org')).toBe(kenya.id);
    expect(delegationOf.get('invitee-4@example.org')).toBe(pakistan.id);
    expect(delegationOf.get('invitee-2@example.org')).toBeNull();
    expect(delegationOf.has('invitee-30@example.org')).toBe(false);
    expect(problems).toEqual([]);
  }, 300_000);
});
