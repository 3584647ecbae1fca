import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { useApp } from '../support/context';
import { createPublishedEvent, createUser, expectStatus, TestUser, unique } from '../support/factories';
import { eventually } from '../support/mailings';
import { outputPath } from '../support/paths';
import { pdfText } from '../support/pdf';
import { SmtpSink, startSmtpSink } from '../support/smtp';

/** A delegate uses the public pages in a real browser, without an account; the demo seed gives the Islamabad conference. */
describe('Public pages in a browser', () => {
  let sink: SmtpSink;
  const env: Record<string, string> = { REGISTRATION_RATE_LIMIT: '0', MAIL_POLL_INTERVAL_MS: '500', DEMO_SEED: 'true' };
  beforeAll(async () => {
    sink = await startSmtpSink();
    env.SMTP_URL = sink.url;
  });
  afterAll(() => sink.stop());
  const ctx = useApp(env);
  let browser: Browser;
  let page: Page;
  let organiser: TestUser;
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage();
    organiser = await createUser(ctx.app.api, 'organiser');
  });
  afterAll(() => browser?.close());

  it('a delegate registers by typing and clicking, gets the mail, opens the manage link, downloads the badge and cancels', async () => {
    const event = await createPublishedEvent(organiser.api, { capacity: 10, title: 'Regional Cooperation Workshop' });
    const email = `${unique('amina')}@example.org`;
    await page.goto(`${ctx.app.url}/events/${event.slug}`);
    await page.getByRole('link', { name: 'Register' }).click();
    await page.getByLabel('Given name').fill('Amina');
    await page.getByLabel('Family name').fill('Rahman');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Organisation').fill('Federal Investigation Agency');
    await page.getByRole('button', { name: 'Register' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('You are registered');

    const mail = await eventually(
      async () =>
        (await sink.messages()).find(
          (message) => message.envelopeTo.includes(email) && /\/registrations\/manage\//.test(message.text ?? ''),
        ),
      30_000,
      'the confirmation mail',
    );
    const link = /https?:\/\/\S+\/registrations\/manage\/[\w-]+/.exec(mail.text!)![0];
    const token = link.split('/').pop()!;
    await page.goto(`${ctx.app.url}/registrations/manage/${token}`);
    await expect(page.locator('.reg-status').textContent()).resolves.toContain('confirmed');
    const href = await page.getByRole('link', { name: /badge/i }).getAttribute('href');
    const badge = await page.request.get(`${ctx.app.url}${href}`);
    expect(badge.headers()['content-type']).toContain('application/pdf');
    expect(pdfText(Buffer.from(await badge.body()))).toContain('Rahman');

    await page.getByRole('link', { name: 'Cancel my registration' }).click();
    await page.getByRole('button', { name: /Yes, cancel/ }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Registration cancelled');
    const { rows } = await ctx.db.query('SELECT status FROM registration WHERE email = $1', [email]);
    expect(rows).toEqual([{ status: 'cancelled' }]);
  });

  it('an invalid form comes back with errors beside the fields and the input kept', async () => {
    // An event still open (the demo conference is over); nationality is now chosen from a list of countries.
    const event = await createPublishedEvent(organiser.api, { capacity: 10, startDate: '2031-11-26', endDate: '2031-11-27' });
    await page.goto(`${ctx.app.url}/events/${event.slug}/register`);
    await page.getByLabel('Given name').fill('Nabeel');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel(/Nationality/).selectOption({ label: 'Pakistan' });
    await page.getByRole('button', { name: 'Register' }).click();
    await expect(page.locator('#f-email-error').textContent()).resolves.toMatch(/email/);
    await expect(page.locator('#f-familyName-error').count()).resolves.toBe(1);
    await expect(page.getByLabel('Given name').inputValue()).resolves.toBe('Nabeel');
    await expect(page.getByLabel('Email').inputValue()).resolves.toBe('not-an-email');
    await expect(page.getByLabel(/Nationality/).inputValue()).resolves.toBe('PK');
  });

  it("the demo conference's agenda lists the opening speakers in protocol order", async () => {
    await page.goto(`${ctx.app.url}/events/cosom-islamabad-2025/agenda`);
    const opening = page.locator('.session', { has: page.getByRole('heading', { name: 'Opening session' }) });
    await expect(opening.locator('.speakers .name').allTextContents()).resolves.toEqual([
      'Ambassador Nabeel Munir',
      'Mr Philipp Oliver Gross',
      'Dr Oliver Stolpe',
      'Ms Mio Sato',
    ]);
    await expect(page.getByRole('link', { name: /\.ics/ }).getAttribute('href')).resolves.toBe(
      '/api/v1/events/cosom-islamabad-2025/agenda.ics',
    );
  });

  it('a name with <script> is shown as text, and an Arabic name renders right-to-left', async () => {
    const event = await createPublishedEvent(organiser.api, { capacity: 10 });
    let alerted = false;
    page.on('dialog', (dialog) => {
      alerted = true;
      void dialog.dismiss();
    });
    await page.goto(`${ctx.app.url}/events/${event.slug}/register`);
    await page.getByLabel('Given name').fill('<script>alert(1)</script>');
    await page.getByLabel('Family name').fill('عبد الرحمن');
    await page.getByLabel('Email').fill('broken');
    await page.getByRole('button', { name: 'Register' }).click();
    await expect(page.getByLabel('Given name').inputValue()).resolves.toBe('<script>alert(1)</script>');
    await expect(page.getByLabel('Family name').inputValue()).resolves.toBe('عبد الرحمن');
    await expect(
      page.getByLabel('Family name').evaluate((element) => (globalThis as any).getComputedStyle(element).direction),
    ).resolves.toBe('rtl');
    expect(alerted).toBe(false);
    await expect(page.locator('script').count()).resolves.toBe(0);
  });

  it('names with <script> and in Arabic stay text, right-to-left where Arabic, on the registered, manage, event and agenda pages', async () => {
    const hostile = '<script>alert(1)</script>';
    const arabic = 'عبد الرحمن';
    const event = await createPublishedEvent(organiser.api, { capacity: 10, title: `Workshop ${hostile}` });
    expectStatus(
      await organiser.api.post(`/events/${event.id}/partners`, {
        organisation: { name: `Ministry ${hostile}`, kind: 'government', countryCode: 'PK' },
        role: 'host',
      }),
      201,
      'partner',
    );
    const session = expectStatus(
      await organiser.api.post(`/events/${event.id}/sessions`, {
        title: `Panel ${hostile}`,
        kind: 'panel',
        startsAt: '2025-11-26T11:00:00+05:00',
        endsAt: '2025-11-26T12:00:00+05:00',
      }),
      201,
      'session',
    );
    const speaker = expectStatus(
      await organiser.api.post(`/events/${event.id}/speakers`, { fullName: arabic, position: hostile, precedence: 1 }),
      201,
      'speaker',
    );
    expectStatus(
      await organiser.api.put(`/sessions/${session.id}/speakers`, { speakers: [{ speakerId: speaker.id, role: 'speaker' }] }),
      200,
      'booking',
    );

    let alerted = false;
    page.on('dialog', (dialog) => {
      alerted = true;
      void dialog.dismiss();
    });
    const noInjectedScript = () =>
      expect(page.evaluate(() => Array.from((globalThis as any).document.querySelectorAll('script')).length)).resolves.toBe(0);
    const direction = (locator: ReturnType<Page['locator']>) =>
      locator.evaluate((element) => (globalThis as any).getComputedStyle(element).direction);

    await page.goto(`${ctx.app.url}/events/${event.slug}`);
    await expect(page.locator('body').textContent()).resolves.toContain(`Workshop ${hostile}`);
    await expect(page.locator('body').textContent()).resolves.toContain(`Ministry ${hostile}`);
    await noInjectedScript();

    await page.goto(`${ctx.app.url}/events/${event.slug}/agenda`);
    const name = page.locator('.speakers .name').first();
    await expect(name.textContent()).resolves.toBe(arabic);
    await expect(direction(name)).resolves.toBe('rtl');
    await expect(page.locator('body').textContent()).resolves.toContain(`Panel ${hostile}`);
    await noInjectedScript();

    const email = `${unique('rtl')}@example.org`;
    await page.goto(`${ctx.app.url}/events/${event.slug}/register`);
    await page.getByLabel('Given name').fill(hostile);
    await page.getByLabel('Family name').fill(arabic);
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Register' }).click();
    await expect(page.locator('body').textContent()).resolves.toContain(hostile);
    await noInjectedScript();

    const mail = await eventually(
      async () =>
        (await sink.messages()).find(
          (message) => message.envelopeTo.includes(email) && /\/registrations\/manage\//.test(message.text ?? ''),
        ),
      30_000,
      'the confirmation mail',
    );
    await page.goto(/https?:\/\/\S+\/registrations\/manage\/[\w-]+/.exec(mail.text!)![0].replace(/^https?:\/\/[^/]+/, ctx.app.url));
    const manageName = page.locator('dd.name');
    await expect(manageName.textContent()).resolves.toBe(`${hostile} ${arabic}`);
    await noInjectedScript();
    expect(alerted).toBe(false);
  });

  it('the published outcome page shows the published version, sanitised, and its commitments table', async () => {
    const event = await createPublishedEvent(organiser.api);
    const body =
      '# Outcome statement\n\nParticipants agreed to establish an informal **Peer-to-Peer Network**.\n\n<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))';
    const created = expectStatus(
      await organiser.api.post(`/events/${event.id}/outcomes`, { title: 'Islamabad Outcome Statement', kind: 'outcome_statement', body }),
      201,
      'creating the outcome',
    );
    expectStatus(
      await organiser.api.put(`/outcomes/${created.id}/commitments`, {
        commitments: [
          {
            theme: 'Fraudulent documentation',
            text: 'Share alerts on forged travel documents',
            leads: ['INTERPOL', 'FRONTEX'],
            status: 'endorsed',
          },
          { theme: 'Victim-centred protection', text: 'Train first responders to identify victims', leads: ['IOM'], status: 'in_progress' },
        ],
      }),
      200,
      'commitments',
    );
    const draft = await page.goto(`${ctx.app.url}/events/${event.slug}/outcomes/${created.id}`);
    expect(draft?.status()).toBe(404); // a draft does not exist for the public
    await expect(page.locator('body').textContent()).resolves.not.toContain('Peer-to-Peer');
    expectStatus(await organiser.api.post(`/outcomes/${created.id}/submit`), 200, 'submit');
    expectStatus(await organiser.api.post(`/outcomes/${created.id}/publish`), 200, 'publish');
    expectStatus(
      await organiser.api.post(`/outcomes/${created.id}/versions`, { body: 'A later draft the public must not see', baseVersion: 1 }),
      201,
      'a later edit',
    );

    let alerted = false;
    page.on('dialog', (dialog) => {
      alerted = true;
      void dialog.dismiss();
    });
    await page.goto(`${ctx.app.url}/events/${event.slug}/outcomes/${created.id}`);
    await expect(page.locator('article.outcome > h1').textContent()).resolves.toBe('Islamabad Outcome Statement');
    await expect(page.locator('.outcome-body strong').textContent()).resolves.toBe('Peer-to-Peer Network');
    await expect(page.locator('.outcome-body').textContent()).resolves.not.toContain('A later draft');
    await expect(
      page.locator('.outcome-body script, .outcome-body img[onerror], .outcome-body a[href^="javascript"]').count(),
    ).resolves.toBe(0);
    const rows = await page
      .locator('table.commitments tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => Array.from((tr as any).cells as ArrayLike<{ textContent: string }>, (cell) => cell.textContent.trim())),
      );
    expect(rows).toEqual([
      ['Fraudulent documentation', 'Share alerts on forged travel documents', 'INTERPOL, FRONTEX', 'endorsed'],
      ['Victim-centred protection', 'Train first responders to identify victims', 'IOM', 'in progress'],
    ]);
    await expect(page.getByRole('link', { name: 'Download PDF' }).getAttribute('href')).resolves.toBe(
      `/api/v1/outcomes/${created.id}/document.pdf`,
    );
    expect(alerted).toBe(false);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: outputPath('screenshots', 'outcome-phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: outputPath('screenshots', 'outcome-desktop.png'), fullPage: true });
  });

  it('screenshots of the event, register and agenda pages at desktop and phone widths', async () => {
    for (const [width, height, label] of [
      [1280, 900, 'desktop'],
      [390, 844, 'phone'],
    ] as const) {
      await page.setViewportSize({ width, height });
      for (const [name, path] of [
        ['event', ''],
        ['register', '/register'],
        ['agenda', '/agenda'],
      ]) {
        await page.goto(`${ctx.app.url}/events/cosom-islamabad-2025${path}`);
        await page.screenshot({ path: outputPath('screenshots', `${name}-${label}.png`), fullPage: true });
        const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
        expect(overflow).toBeLessThanOrEqual(0);
      }
    }
  });
});
