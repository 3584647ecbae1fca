import type { Browser, Page } from 'playwright-core';
import { consoleLinkToken, nextMailTo } from '../support/accounts';
import { launchBrowser } from '../support/browser';
import { signedIn, WIDTHS } from '../support/console';
import { useApp } from '../support/context';
import { parseCsv, readXlsx } from '../support/exports';
import { createUser, expectStatus, TestUser, unique } from '../support/factories';
import { SmtpSink, startSmtpSink } from '../support/smtp';

const PASSWORD = 'correct horse battery staple';

/** The bytes of a download the page starts by clicking `link`. */
async function download(page: Page, link: string): Promise<{ name: string; body: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: link }).click()]);
  return { name: file.suggestedFilename(), body: Buffer.concat(await (await file.createReadStream()).toArray()) };
}

/**
 * An organiser's day in the console, end to end, as issue 16 tells it: every step through the screens a
 * person uses, every mail checked at a real SMTP server, every file downloaded and read.
 */
describe('Console: an organiser prepares an event, from signing in to signing out', () => {
  let sink: SmtpSink;
  const env: Record<string, string> = {
    REGISTRATION_RATE_LIMIT: '0',
    LOGIN_RATE_LIMIT: '0',
    MAIL_POLL_INTERVAL_MS: '500',
    PUBLIC_URL: 'https://plenary.example.org',
  };
  beforeAll(async () => {
    sink = await startSmtpSink({ parse: 'full' });
    env.SMTP_URL = sink.url;
  });
  afterAll(() => sink.stop());
  const ctx = useApp(env);
  let browser: Browser;
  let organiser: TestUser;
  beforeAll(async () => {
    // PUBLIC_URL is https (as links in mails are), while the test reaches the server over plain http: the
    // browser is told to send the Secure cookie anyway.
    browser = await launchBrowser([`--unsafely-treat-insecure-origin-as-secure=${ctx.app.url}`]);
    organiser = await createUser(ctx.app.api, 'organiser', 'Amina Rahman');
  });
  afterAll(() => browser?.close());

  it('signs in, creates and publishes an event with a required question, approves registrants, adds a delegation, exports, invites a rapporteur, and signs out', async () => {
    const { context, page } = await signedIn(browser, ctx.app.url, { email: organiser.email, password: PASSWORD }, WIDTHS[0]);
    const session = (await context.cookies()).find((cookie) => cookie.name === 'plenary_console')!;
    expect(session.secure).toBe(true);

    // Create the event.
    const slug = unique('regional-consultation');
    await page.getByRole('link', { name: 'Create event' }).click();
    await page.getByLabel('Title').fill('Regional Consultation on Migrant Smuggling');
    await page.getByLabel('Address (slug)').fill(slug);
    await page.getByLabel('First day').fill('2031-03-10');
    await page.getByLabel('Last day').fill('2031-03-11');
    await page.getByLabel('Time zone').fill('Asia/Karachi');
    await page.getByLabel('City').fill('Islamabad');
    await page.getByLabel('Organisers approve each registration').check();
    await page.getByRole('button', { name: 'Create event' }).click();
    await page.waitForURL(/\/settings\?done=created/);
    const eventId = /events\/([0-9a-f-]+)\/settings/.exec(page.url())![1];

    // A required select question on its form.
    await page.getByRole('navigation', { name: 'Event' }).getByRole('link', { name: 'Form' }).click();
    await page.getByLabel(/^Label/).fill('Dietary requirements');
    await page.getByLabel(/^Type/).selectOption({ label: 'List of options' });
    await page.getByLabel(/^Required:/).check();
    await page.getByLabel(/^Options/).fill('None\nVegetarian\nHalal');
    await page.getByRole('button', { name: 'Add field' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe('Field added.');

    // Publish.
    await page.getByRole('navigation', { name: 'Event' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'Publish event' }).click();
    await page.getByRole('button', { name: 'Publish event' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Event published');

    // A delegate registers on the public page, answering the question; two others through the API.
    const delegate = { email: `${unique('farah')}@mofa.gov.example`, given: 'Farah', family: 'Qureshi-Durrani' };
    const publicPage = await context.newPage();
    await publicPage.goto(`/events/${slug}/register`);
    await publicPage.getByLabel('Given name').fill(delegate.given);
    await publicPage.getByLabel('Family name').fill(delegate.family);
    await publicPage.getByLabel('Email').fill(delegate.email);
    await publicPage.getByLabel(/Dietary requirements/).selectOption('Halal');
    await publicPage.getByRole('button', { name: 'Register' }).click();
    await expect(publicPage.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/received|registered/i);
    await publicPage.close();
    const others = [];
    for (const family of ['Okafor', 'Lindqvist']) {
      const email = `${unique(family.toLowerCase())}@example.org`;
      expectStatus(
        await ctx.app.api.post(`/events/${slug}/registrations`, {
          email,
          givenName: 'Sam',
          familyName: family,
          answers: { dietary_requirements: 'None' },
        }),
        201,
        `registration of ${family}`,
      );
      others.push({ email, family });
    }

    // Find the delegate by search, then approve the three in bulk: each approval mail reaches the SMTP server.
    await page.getByRole('navigation', { name: 'Event' }).getByRole('link', { name: 'Registrations' }).click();
    await page.getByLabel('Search').fill('qureshi');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page.getByRole('region', { name: 'Registrations' }).getByRole('row').count()).resolves.toBe(2);
    await page.getByRole('link', { name: 'Clear filters' }).click();
    for (const family of [delegate.family, ...others.map((other) => other.family)]) {
      await page.getByRole('checkbox', { name: new RegExp(`Select .*${family}`) }).check();
    }
    await page.getByRole('button', { name: 'Approve selected' }).click();
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('3 registrations approved');
    for (const email of [delegate.email, ...others.map((other) => other.email)]) {
      expect((await nextMailTo(sink, email, 1)).subject).toMatch(/confirmed/i);
    }

    // A delegation with a head, whose invitation arrives with the delegation's code.
    await page.getByRole('navigation', { name: 'Event' }).getByRole('link', { name: 'Delegations' }).click();
    const head = { email: `${unique('head')}@mofa.gov.example`, given: 'Bilal', family: 'Ahmed' };
    await page.getByLabel(/^Name/).fill('Islamic Republic of Pakistan');
    await page.getByLabel('Kind').selectOption('country');
    await page.getByLabel('Country', { exact: true }).selectOption({ label: 'Pakistan' });
    await page.getByLabel('Quota').fill('4');
    await page.getByLabel('Email').fill(head.email);
    await page.getByLabel('Given name').fill(head.given);
    await page.getByLabel('Family name').fill(head.family);
    await page.getByRole('button', { name: 'Add delegation' }).click();
    const link = await page.getByRole('textbox', { name: 'Registration link' }).inputValue();
    const code = new URL(link).searchParams.get('delegation')!;
    const invitation = await nextMailTo(sink, head.email);
    expect(invitation.text).toContain(code);

    // The head registers with the code; the organiser filters the registrations by the delegation and exports that view.
    expectStatus(
      await ctx.app.api.post(`/events/${slug}/registrations`, {
        email: head.email,
        givenName: head.given,
        familyName: head.family,
        delegationCode: code,
        answers: { dietary_requirements: 'Vegetarian' },
      }),
      201,
      'the head',
    );
    await page.getByRole('navigation', { name: 'Event' }).getByRole('link', { name: 'Registrations' }).click();
    await page.getByLabel('Delegation').selectOption({ label: 'Islamic Republic of Pakistan' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page.getByRole('region', { name: 'Registrations' }).getByRole('row').count()).resolves.toBe(2);
    const csv = parseCsv((await download(page, 'Export CSV')).body.toString('utf8'));
    expect(csv).toHaveLength(2);
    expect(csv[1][csv[0].indexOf('email')]).toBe(head.email);
    expect(csv[1][csv[0].indexOf('delegation')]).toBe('Islamic Republic of Pakistan');
    expect(csv[1][csv[0].indexOf('Dietary requirements')]).toBe('Vegetarian');
    const xlsx = await download(page, 'Export XLSX');
    expect(xlsx.name).toBe(`registrations-${slug}.xlsx`);
    const sheet = await readXlsx(xlsx.body);
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(header.indexOf('family_name')).text).toBe(head.family);

    // A rapporteur is invited by email, sets a password from the mail and signs in.
    const rapporteur = `${unique('rapporteur')}@unodc.example.org`;
    await page.getByRole('navigation', { name: 'Event' }).getByRole('link', { name: 'Team' }).click();
    await page.getByLabel('Email').fill(rapporteur);
    await page.getByLabel('Role').selectOption('rapporteur');
    await page.getByRole('button', { name: 'Add to team' }).click();
    await expect(page.getByRole('row', { name: new RegExp(rapporteur) }).isVisible()).resolves.toBe(true);
    const token = consoleLinkToken(await nextMailTo(sink, rapporteur), 'invitations');
    const invited = await browser.newContext({ baseURL: ctx.app.url });
    const welcome = await invited.newPage();
    await welcome.goto(`/console/invitations/${token}`);
    await welcome.getByLabel(/^Full name/).fill('Clara Nwosu');
    await welcome.getByLabel(/^Password/).fill('a rapporteur password 2031');
    await welcome.getByLabel(/^Confirm password/).fill('a rapporteur password 2031');
    await welcome.getByRole('button', { name: /Set password/ }).click();
    await welcome.waitForURL('**/console');
    await expect(welcome.getByRole('row', { name: /Regional Consultation on Migrant Smuggling/ }).innerText()).resolves.toContain(
      'rapporteur',
    );
    await invited.close();
    expectStatus(
      await ctx.app.api.post('/auth/login', { email: rapporteur, password: 'a rapporteur password 2031' }),
      200,
      'rapporteur login',
    );

    // Sign out: the old session cookie opens nothing any more.
    const cookie = `plenary_console=${session.value}`;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/console/login');
    const replay = await fetch(`${ctx.app.url}/console/events/${eventId}/registrations`, { headers: { cookie }, redirect: 'manual' });
    expect(replay.status).toBe(303);
    expect(replay.headers.get('location')).toMatch(/^\/console\/login/);
    await context.close();
  });
});
