import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { HOSTILE, inspectScreen, signedIn } from '../support/console';
import { useApp } from '../support/context';
import { createPublishedEvent, createUser, expectStatus, invitees, TestUser } from '../support/factories';
import { eventually, waitForMailing } from '../support/mailings';
import { useSmtpSink } from '../support/smtp';

/**
 * Issue 17: the mailing page every mailing of the console leads to (invitations, an outcome summary). The bar
 * and the counts follow the real queue and SMTP server without a reload; a recipient the server refuses for
 * good is listed with the server's answer.
 */
describe('Console: a mailing and its progress', () => {
  const env: Record<string, string> = { MAIL_POLL_INTERVAL_MS: '500' };
  const smtp = useSmtpSink(env);
  const ctx = useApp(env);
  let browser: Browser;
  let organiser: TestUser;
  let other: TestUser;
  let event: { id: string };
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    organiser = await createUser(ctx.app.api, 'organiser');
    other = await createUser(ctx.app.api, 'organiser');
    event = await createPublishedEvent(organiser.api, { title: 'International Conference on Countering the Smuggling of Migrants' });
    ({ context, page } = await signedIn(browser, ctx.app.url, { email: organiser.email, password: 'correct horse battery staple' }));
    page.setDefaultTimeout(20_000);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('shows the bar reaching the sent count live, and lists each refused recipient with the server’s answer', async () => {
    await smtp.sink.rejectRecipients(/^refused-/);
    // Each mail takes the SMTP server 150 ms, so the page is open while most are still queued.
    await smtp.sink.setDelay(150);
    const recipients = [
      ...invitees(60),
      { email: 'refused-1@delegates.example.org', givenName: HOSTILE.markup, familyName: 'One' },
      { email: 'refused-2@delegates.example.org', givenName: 'Refused', familyName: 'Two' },
    ];
    const { mailingId } = expectStatus(await organiser.api.post(`/events/${event.id}/invitations`, { recipients }), 202, 'invitations');
    // Opened at once, while most mails are still queued: the page must follow them without a reload.
    await page.goto(`/console/events/${event.id}/mail/mailings/${mailingId}`);
    const bar = page.getByRole('progressbar', { name: 'Sent' });
    expect(Number(await bar.getAttribute('max'))).toBe(62);
    const barValue = () => bar.evaluate((element) => (element as unknown as { value: number }).value);
    const atLoad = await barValue();
    expect(atLoad).toBeLessThan(60);
    await eventually(async () => (await barValue()) === 60, 120_000, 'the bar at 60 sent');
    const count = (name: string) => page.locator(`[data-count="${name}"]`).textContent();
    await eventually(async () => (await count('failed')) === '2', 60_000, 'two failed');
    expect([await count('sent'), await count('queued'), await count('failed'), await count('total')]).toEqual(['60', '0', '2', '62']);
    expect(await page.getByText('Finished: no mail of this mailing is waiting.').isVisible()).toBe(true);
    const failed = page.getByRole('region', { name: 'Failed recipients' });
    const rows = await failed.getByRole('row').allTextContents();
    expect(rows).toHaveLength(3);
    const rowOf = (email: string) => rows.find((row) => row.includes(email)) ?? '';
    expect(rowOf('refused-1@delegates.example.org')).toContain(`${HOSTILE.markup} One <refused-1@delegates.example.org>`);
    expect(rowOf('refused-1@delegates.example.org')).toContain('550 Recipient refused-1@delegates.example.org refused by the test');
    expect(rowOf('refused-2@delegates.example.org')).toContain('Refused Two <refused-2@delegates.example.org>');
    expect(await page.evaluate('window.__pwned')).toBeUndefined();

    await smtp.sink.setDelay(0);
    // What the page showed is what the queue and the SMTP server did.
    const final = await waitForMailing(organiser.api, mailingId);
    expect([final.sent, final.failed]).toEqual([60, 2]);
    const delivered = (await smtp.sink.messages()).flatMap((message) => message.envelopeTo);
    expect(new Set(delivered).size).toBe(60);
    expect(delivered).toHaveLength(60);

    // Loaded again, without JavaScript's help, the page says the same.
    await page.reload();
    expect(await count('sent')).toBe('60');
    expect(await page.getByRole('region', { name: 'Failed recipients' }).getByRole('row').count()).toBe(3);
    expect(await inspectScreen(page, 'mailing', 'Mailing')).toEqual([]);
  });

  it('is the API’s list of failures, and another organiser’s or another event’s path does not show it', async () => {
    const { mailingId } = expectStatus(
      await organiser.api.post(`/events/${event.id}/invitations`, { recipients: [{ email: 'refused-3@delegates.example.org' }] }),
      202,
      'invitations',
    );
    const done = await waitForMailing(organiser.api, mailingId);
    expect(done.failed).toBe(1);
    const failures = expectStatus(await organiser.api.get(`/mailings/${mailingId}/failures`), 200, 'failures');
    expect(failures.total).toBe(1);
    expect(failures.items[0]).toMatchObject({ to: 'refused-3@delegates.example.org', attempts: 1 });
    expect(failures.items[0].lastError).toContain('550');
    expect((await other.api.get(`/mailings/${mailingId}/failures`)).status).toBe(403);

    const otherEvent = await createPublishedEvent(organiser.api);
    const wrongEvent = await page.goto(`/console/events/${otherEvent.id}/mail/mailings/${mailingId}`);
    expect(wrongEvent?.status()).toBe(404);
    const json = await page.goto(`/console/events/${otherEvent.id}/mail/mailings/${mailingId}/progress.json`);
    expect(json?.status()).toBe(404);
  });
});
