import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { LinkTokens } from '../../src/auth/link-tokens';
import { TEST_JWT_SECRET } from '../support/app';
import { launchBrowser } from '../support/browser';
import { useApp } from '../support/context';
import { createPublishedEvent, createUser, expectStatus, registrant, TestUser, unique } from '../support/factories';
import { eventually } from '../support/mailings';
import { outputPath } from '../support/paths';
import { SmtpSink, startSmtpSink } from '../support/smtp';

const manageToken = (registrationId: string) => new LinkTokens(TEST_JWT_SECRET).tokenFor('manage', registrationId);
/** Dates ahead of any clock this suite runs on, so the event is open whatever rule closes past events. */
const FUTURE = { startDate: '2031-11-26', endDate: '2031-11-27', timezone: 'Asia/Karachi' };
const QUESTIONS = [
  { key: 'residence', label: 'Country of residence', type: 'country', required: true },
  { key: 'consent', label: 'I agree to be photographed', type: 'checkbox', required: true },
];
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Issue 14, the delegate's side in a real browser: the register page, the manage page, the lost link. */
describe('Issue 14: a delegate on the pages', () => {
  let sink: SmtpSink;
  const env: Record<string, string> = { REGISTRATION_RATE_LIMIT: '0', MAIL_POLL_INTERVAL_MS: '500' };
  beforeAll(async () => {
    sink = await startSmtpSink();
    env.SMTP_URL = sink.url;
  });
  afterAll(() => sink?.stop());
  const ctx = useApp(env);
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let organiser: TestUser;
  beforeAll(async () => {
    browser = await launchBrowser();
    organiser = await createUser(ctx.app.api, 'organiser');
  });
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  });
  afterEach(() => context?.close());
  afterAll(() => browser?.close());

  const bodyText = () => page.locator('main').innerText();

  /** Full-page screenshots at desktop and phone width, with no sideways scrolling, and no serious axe-core finding. */
  async function screenshots(name: string): Promise<void> {
    for (const [width, height, label] of [
      [1280, 900, 'desktop'],
      [390, 844, 'phone'],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.screenshot({ path: outputPath('screenshots', 'issue14-delegate', `${name}-${label}.png`), fullPage: true });
      await expect(
        page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth'),
      ).resolves.toBeLessThanOrEqual(0);
      await page.evaluate(AXE);
      const violations = await page.evaluate<{ id: string; impact: string; nodes: number }[]>(
        `axe.run(document, { resultTypes: ['violations'] }).then((result) => result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })))`,
      );
      expect(violations).toEqual([]);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  async function eventWithQuestions(fields: Record<string, unknown> = {}) {
    const event = await createPublishedEvent(organiser.api, { ...FUTURE, capacity: 40, ...fields });
    expectStatus(await organiser.api.put(`/events/${event.id}/registration-form`, { fields: QUESTIONS }), 200, 'saving the form');
    return event;
  }

  it('the register page says when, where and whether approval is needed, names the delegation of the link, and shows every error at once', async () => {
    const event = await eventWithQuestions({
      title: 'Regional Conference on Migrant Smuggling',
      venue: 'Serena Hotel',
      city: 'Islamabad',
      countryCode: 'PK',
      approvalRequired: true,
    });
    const delegation = expectStatus(
      await organiser.api.post(`/events/${event.id}/delegations`, { name: 'Pakistan', kind: 'country', countryCode: 'PK', quota: 5 }),
      201,
      'delegation',
    );

    await page.goto(`${ctx.app.url}/events/${event.slug}/register?delegation=${delegation.code}`);
    const text = await bodyText();
    expect(text).toContain('26–27 November 2031');
    expect(text).toContain('Serena Hotel, Islamabad, Pakistan');
    expect(text).toContain('Approval required');
    expect(text).toContain('You are registering as a member of the delegation of Pakistan.');
    await expect(page.getByLabel(/Delegation code/).inputValue()).resolves.toBe(delegation.code);

    // Nationality and the form's country question are lists of country names, the code as the value.
    const nationality = page.getByLabel('Nationality');
    await expect(nationality.evaluate((element) => element.tagName)).resolves.toBe('SELECT');
    await expect(page.getByLabel('Country of residence').evaluate((element) => element.tagName)).resolves.toBe('SELECT');
    await expect(nationality.locator('option', { hasText: /^Pakistan$/ }).getAttribute('value')).resolves.toBe('PK');

    await page.getByLabel('Given name').fill('Nabeel');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByRole('button', { name: 'Register' }).click();
    // Core fields and the form's questions together, on the first submit.
    await expect(page.locator('#f-email-error').textContent()).resolves.toMatch(/email/);
    await expect(page.locator('#f-familyName-error').textContent()).resolves.toBe('is required');
    await expect(page.locator('#f-answer-residence-error').textContent()).resolves.toBe('is required');
    await expect(page.locator('#f-answer-consent-error').textContent()).resolves.toBe('must be ticked');
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Please correct the fields marked below.');
    await expect(page.getByLabel('Given name').inputValue()).resolves.toBe('Nabeel');
    await expect(bodyText()).resolves.toContain('member of the delegation of Pakistan');
    await screenshots('register-errors');

    const email = `${unique('nabeel')}@example.org`;
    await page.getByLabel('Family name').fill('Munir');
    await page.getByLabel('Email').fill(email);
    await nationality.selectOption({ label: 'Pakistan' });
    await page.getByLabel('Country of residence').selectOption({ label: 'United Arab Emirates' });
    await page.getByLabel('I agree to be photographed').check();
    await page.getByRole('button', { name: 'Register' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Registration received');
    const { rows } = await ctx.db.query('SELECT nationality, answers, delegation_id, status FROM registration WHERE email = $1', [email]);
    expect(rows).toEqual([
      { nationality: 'PK', answers: { residence: 'AE', consent: true }, delegation_id: delegation.id, status: 'pending' },
    ]);
  });

  it('an invite-only event asks for the invitation link; the link fills in the name and email of the invitation', async () => {
    const event = await createPublishedEvent(organiser.api, { ...FUTURE, inviteOnly: true, title: 'Senior Officials Meeting' });
    await page.goto(`${ctx.app.url}/events/${event.slug}/register`);
    await expect(bodyText()).resolves.toContain('Registration for this event is by invitation only. Use the link in your invitation mail.');
    await expect(page.getByRole('button', { name: 'Register' }).count()).resolves.toBe(0);
    await screenshots('register-invitation-only');

    const email = `${unique('dg')}@iom.example.org`;
    expectStatus(
      await organiser.api.post(`/events/${event.id}/invitations`, { recipients: [{ email, givenName: 'Amy', familyName: 'Pope' }] }),
      202,
      'inviting',
    );
    const mail = await eventually(
      async () => (await sink.messages()).find((message) => message.envelopeTo.includes(email)),
      30_000,
      'the invitation',
    );
    const link = /https?:\/\/\S+\/register\?invitation=[\w-]+/.exec(mail.text!)![0].replace(/^https?:\/\/[^/]+/, ctx.app.url);
    await page.goto(link);
    await expect(page.getByLabel('Given name').inputValue()).resolves.toBe('Amy');
    await expect(page.getByLabel('Family name').inputValue()).resolves.toBe('Pope');
    await expect(page.getByLabel('Email').inputValue()).resolves.toBe(email);
    await page.getByRole('button', { name: 'Register' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('You are registered');

    // Used once: the same link now says so instead of showing a form that would fail.
    await page.goto(link);
    await expect(bodyText()).resolves.toContain('This invitation link is not valid for this event, or has already been used.');
    await expect(page.getByLabel('Given name').count()).resolves.toBe(0);
  });

  it('a closed event, a window that is over and one not yet open show a plain message instead of the form', async () => {
    const closed = await createPublishedEvent(organiser.api, { ...FUTURE, title: 'Closed Workshop' });
    expectStatus(await organiser.api.post(`/events/${closed.id}/close`), 200, 'closing');
    await page.goto(`${ctx.app.url}/events/${closed.slug}/register`);
    await expect(page.locator('.refusal').textContent()).resolves.toBe('Registration for this event is closed.');
    await expect(page.getByLabel('Given name').count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Register' }).count()).resolves.toBe(0);
    await expect(page.getByRole('link', { name: /Lost your registration link/ }).count()).resolves.toBe(1);
    await screenshots('register-closed');

    const over = await createPublishedEvent(organiser.api, {
      ...FUTURE,
      registrationOpensAt: '2026-01-01T09:00:00+05:00',
      registrationClosesAt: '2026-03-01T17:00:00+05:00',
    });
    await page.goto(`${ctx.app.url}/events/${over.slug}/register`);
    await expect(page.locator('.refusal').textContent()).resolves.toBe('Registration closed on 1 March 2026, 17:00 (Asia/Karachi).');
    await expect(page.getByLabel('Given name').count()).resolves.toBe(0);

    const later = await createPublishedEvent(organiser.api, {
      ...FUTURE,
      registrationOpensAt: '2031-06-01T09:00:00+05:00',
      registrationClosesAt: null,
    });
    await page.goto(`${ctx.app.url}/events/${later.slug}/register`);
    await expect(page.locator('.refusal').textContent()).resolves.toBe('Registration opens on 1 June 2031, 09:00 (Asia/Karachi).');
    await expect(page.getByLabel('Given name').count()).resolves.toBe(0);
  });

  it('when registration closes while the form is open, the answer says so rather than "correct the fields marked below"', async () => {
    const event = await createPublishedEvent(organiser.api, FUTURE);
    await page.goto(`${ctx.app.url}/events/${event.slug}/register`);
    await page.getByLabel('Given name').fill('Amina');
    await page.getByLabel('Family name').fill('Rahman');
    await page.getByLabel('Email').fill(`${unique('late')}@example.org`);
    expectStatus(await organiser.api.post(`/events/${event.id}/close`), 200, 'closing');
    await page.getByRole('button', { name: 'Register' }).click();
    const text = await bodyText();
    expect(text).toContain('Registration for this event is closed.');
    expect(text).not.toContain('Please correct the fields marked below');
  });

  it('through the manage link a registrant corrects their name, nationality and answers; errors stay beside the fields', async () => {
    const event = await eventWithQuestions({ title: 'Expert Group Meeting' });
    const person = registrant({ givenName: 'Amna', familyName: 'Rehman', nationality: 'IN', answers: { residence: 'PK', consent: true } });
    const { id } = expectStatus(await ctx.app.api.post(`/events/${event.id}/registrations`, person), 201, 'registering');
    const manageUrl = `${ctx.app.url}/registrations/manage/${manageToken(id)}`;

    await page.goto(manageUrl);
    await expect(page.getByRole('heading', { name: 'Correct your details' }).count()).resolves.toBe(1);
    await expect(page.getByLabel('Email').count()).resolves.toBe(0); // the email is not for changing
    await expect(page.getByLabel('Nationality').inputValue()).resolves.toBe('IN');
    await expect(page.getByLabel('I agree to be photographed').isChecked()).resolves.toBe(true);

    // A mistake first: the errors are beside the fields and what was typed is kept.
    await page.getByLabel('Given name').fill('Amina');
    await page.getByLabel('Family name').fill('');
    await page.getByRole('button', { name: 'Save my details' }).click();
    await expect(page.locator('#f-familyName-error').textContent()).resolves.toBe('is required');
    await expect(page.getByLabel('Given name').inputValue()).resolves.toBe('Amina');
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Please correct the fields marked below.');
    await screenshots('manage-errors');

    await page.getByLabel('Family name').fill('Rahman');
    await page.getByLabel('Title (e.g. Mr, Ms, Dr, H.E.)').fill('Dr');
    await page.getByLabel('Job title').fill('Director, Border Management');
    await page.getByLabel('Nationality').selectOption({ label: 'Pakistan' });
    await page.getByLabel('Country of residence').selectOption({ label: 'Germany' });
    await page.getByRole('button', { name: 'Save my details' }).click();
    await page.waitForURL(/\?updated=1$/);
    await expect(page.getByRole('status').textContent()).resolves.toBe('Your details have been saved.');
    await expect(page.locator('dd.name').textContent()).resolves.toBe('Dr Amina Rahman');
    await expect(page.locator('dd.nationality').textContent()).resolves.toBe('Pakistan');
    await expect(bodyText()).resolves.toContain('Germany');
    await screenshots('manage-saved');
    // Reloading shows the page again; it does not post twice.
    await page.reload();
    await expect(page.locator('dd.name').textContent()).resolves.toBe('Dr Amina Rahman');

    const { rows } = await ctx.db.query(
      'SELECT honorific, given_name, family_name, job_title, nationality, email, answers FROM registration WHERE id = $1',
      [id],
    );
    expect(rows[0]).toEqual({
      honorific: 'Dr',
      given_name: 'Amina',
      family_name: 'Rahman',
      job_title: 'Director, Border Management',
      nationality: 'PK',
      email: person.email,
      answers: { residence: 'DE', consent: true },
    });
    // The token is in no log line: not in the request lines, nor in the redirect's Location.
    expect(ctx.app.process.output.join('\n')).not.toContain(manageToken(id));
  });

  it('someone who lost their link asks for it on the register page and is mailed it; the answer does not tell who is registered', async () => {
    const event = await createPublishedEvent(organiser.api, { ...FUTURE, title: 'Regional Workshop on Border Management' });
    const person = registrant();
    const { id } = expectStatus(await ctx.app.api.post(`/events/${event.id}/registrations`, person), 201, 'registering');

    await page.goto(`${ctx.app.url}/events/${event.slug}/register`);
    await page.getByRole('link', { name: /Lost your registration link/ }).click();
    await page.getByLabel('Email').fill('nobody');
    await page.getByRole('button', { name: 'Send me the link' }).click();
    await expect(page.locator('#f-email-error').textContent()).resolves.toBe('must be an email address');
    await expect(page.getByLabel('Email').inputValue()).resolves.toBe('nobody');
    await screenshots('lost-link-error');

    await page.getByLabel('Email').fill(String(person.email));
    await page.getByRole('button', { name: 'Send me the link' }).click();
    const registeredAnswer = await page.getByRole('status').textContent();
    expect(registeredAnswer).toMatch(/If this address is registered for the event/);
    expect(page.url()).not.toContain(String(person.email));
    await screenshots('lost-link-sent');

    await page.goto(`${ctx.app.url}/events/${event.slug}/manage-link`);
    await page.getByLabel('Email').fill(`${unique('stranger')}@example.org`);
    await page.getByRole('button', { name: 'Send me the link' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe(registeredAnswer);

    const mail = await eventually(
      async () =>
        (await sink.messages()).find(
          (message) => message.envelopeTo.includes(String(person.email)) && message.subject?.startsWith('Your registration link'),
        ),
      30_000,
      'the manage-link mail',
    );
    const link = /https?:\/\/\S+\/registrations\/manage\/[\w-]+/.exec(mail.text!)![0];
    expect(link.endsWith(manageToken(id))).toBe(true);
    await page.goto(link.replace(/^https?:\/\/[^/]+/, ctx.app.url));
    await expect(page.locator('h1').textContent()).resolves.toBe('Your registration');
  });

  it("the agenda page gives each speaker's organisation", async () => {
    const event = await createPublishedEvent(organiser.api, FUTURE);
    const session = expectStatus(
      await organiser.api.post(`/events/${event.id}/sessions`, {
        title: 'Opening session',
        kind: 'opening',
        startsAt: '2031-11-26T09:30:00+05:00',
        endsAt: '2031-11-26T10:30:00+05:00',
      }),
      201,
      'session',
    );
    const speaker = expectStatus(
      await organiser.api.post(`/events/${event.id}/speakers`, {
        honorific: 'Ms',
        fullName: 'Mio Sato',
        position: 'Head of Office',
        organisation: 'IOM Pakistan',
        precedence: 1,
      }),
      201,
      'speaker',
    );
    expectStatus(
      await organiser.api.put(`/sessions/${session.id}/speakers`, { speakers: [{ speakerId: speaker.id, role: 'keynote' }] }),
      200,
      'booking',
    );
    await page.goto(`${ctx.app.url}/events/${event.slug}/agenda`);
    await expect(
      page
        .locator('.speakers li')
        .first()
        .evaluate((element) => element.textContent!.replace(/\s+/g, ' ').trim()),
    ).resolves.toBe('keynote Ms Mio Sato, Head of Office, IOM Pakistan');
    await screenshots('agenda');
  });
});
