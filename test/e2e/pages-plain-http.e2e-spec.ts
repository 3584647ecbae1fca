import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { useApp } from '../support/context';
import { createPublishedEvent, createUser, TestUser, unique } from '../support/factories';
import { eventually } from '../support/mailings';
import { outputPath } from '../support/paths';
import { freePort } from '../support/processes';
import { SmtpSink, startSmtpSink } from '../support/smtp';

const HOST = 'plenary.test';

/**
 * Plenary reached over plain HTTP under a host name other than localhost (an intranet address, a test
 * machine): Chromium resolves plenary.test to 127.0.0.1, where the server listens with
 * PUBLIC_URL=http://plenary.test:<port>. Browsers treat localhost as secure, so this is the case
 * where an `upgrade-insecure-requests` policy sends the stylesheet and the form to https and breaks the page.
 */
describe('The public pages over plain HTTP at a host name other than localhost', () => {
  let sink: SmtpSink;
  const env: Record<string, string> = { REGISTRATION_RATE_LIMIT: '0', MAIL_POLL_INTERVAL_MS: '500' };
  let base: string;
  beforeAll(async () => {
    sink = await startSmtpSink();
    const port = await freePort();
    base = `http://${HOST}:${port}`;
    Object.assign(env, { SMTP_URL: sink.url, PORT: String(port), PUBLIC_URL: base });
  });
  afterAll(() => sink.stop());
  const ctx = useApp(env);
  let browser: Browser;
  let page: Page;
  let organiser: TestUser;
  const failedRequests: string[] = [];
  beforeAll(async () => {
    browser = await launchBrowser([`--host-resolver-rules=MAP ${HOST} 127.0.0.1`]);
    page = await browser.newPage();
    page.on('requestfailed', (request) => failedRequests.push(`${request.method()} ${request.url()}: ${request.failure()?.errorText}`));
    organiser = await createUser(ctx.app.api, 'organiser');
  });
  afterAll(() => browser?.close());

  it('the policy does not ask the browser to upgrade requests to https', async () => {
    const response = await fetch(`${ctx.app.url}/`);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'self'");
    expect(policy).not.toContain('upgrade-insecure-requests');
  });

  it('a delegate at http://plenary.test gets the styled page, registers through the form and opens the manage link from the mail', async () => {
    const event = await createPublishedEvent(organiser.api, {
      capacity: 10,
      title: 'Intranet Workshop',
      startDate: '2030-05-14',
      endDate: '2030-05-15',
    });
    const email = `${unique('intranet')}@example.org`;

    await page.goto(`${base}/events/${event.slug}/register`);
    expect(new URL(page.url()).protocol).toBe('http:');
    // The stylesheet arrived and applies: the page background comes from plenary.css.
    await expect(page.evaluate<string>('getComputedStyle(document.body).backgroundColor')).resolves.toBe('rgb(246, 248, 250)');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: outputPath('screenshots', 'plain-http', 'register-1280.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: outputPath('screenshots', 'plain-http', 'register-390.png'), fullPage: true });

    await page.getByLabel('Given name').fill('Farah');
    await page.getByLabel('Family name').fill('Qureshi');
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Register' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('You are registered');
    expect(page.url()).toBe(`${base}/events/${event.slug}/register`);
    const { rows } = await ctx.db.query('SELECT given_name, status FROM registration WHERE email = $1', [email]);
    expect(rows).toEqual([{ given_name: 'Farah', status: 'confirmed' }]);

    const mail = await eventually(
      async () =>
        (await sink.messages()).find(
          (message) => message.envelopeTo.includes(email) && /\/registrations\/manage\//.test(message.text ?? ''),
        ),
      30_000,
      'the confirmation mail',
    );
    const link = /https?:\/\/\S+\/registrations\/manage\/[\w-]+/.exec(mail.text!)![0];
    expect(link.startsWith(`${base}/registrations/manage/`)).toBe(true);
    await page.goto(link);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Your registration');
    await expect(page.evaluate<string>('getComputedStyle(document.body).backgroundColor')).resolves.toBe('rgb(246, 248, 250)');
    expect(failedRequests).toEqual([]);
  });
});
