import type { Browser, Page } from 'playwright-core';
import { accessibilityProblems } from '../support/axe';
import { launchBrowser } from '../support/browser';
import { useApp } from '../support/context';
import { createPublishedEvent, createUser, expectStatus, TestUser, unique } from '../support/factories';
import { eventually } from '../support/mailings';
import { outputPath } from '../support/paths';
import { SmtpSink, startSmtpSink } from '../support/smtp';

const DEMO = 'cosom-islamabad-2025';
const WIDTHS = [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
] as const;

/**
 * Every public page, as a delegate meets it, at a desktop and a phone width: axe-core finds no serious or
 * critical problem, nothing scrolls sideways, and a screenshot of each is written for people to look at
 * (test/output/screenshots/accessibility/<page>-<width>.png).
 */
describe('Accessibility of the public pages', () => {
  let sink: SmtpSink;
  const env: Record<string, string> = { REGISTRATION_RATE_LIMIT: '0', MAIL_POLL_INTERVAL_MS: '500', DEMO_SEED: 'true' };
  beforeAll(async () => {
    sink = await startSmtpSink();
    env.SMTP_URL = sink.url;
  });
  afterAll(() => sink.stop());
  const ctx = useApp(env);
  let browser: Browser;
  let organiser: TestUser;
  let event: { id: string; slug: string };
  let outcomeId: string;
  const headEmail = `${unique('head')}@mofa.gov.example`;
  beforeAll(async () => {
    browser = await launchBrowser();
    organiser = await createUser(ctx.app.api, 'organiser');
    event = await createPublishedEvent(organiser.api, {
      title: 'Regional Consultation on Safe and Regular Migration',
      description: 'Two days of consultations between the governments of the region, UN agencies and civil society.',
      startDate: '2030-03-10',
      endDate: '2030-03-11',
      venue: 'Jinnah Convention Centre',
      city: 'Islamabad',
      capacity: 50,
    });
    expectStatus(
      await organiser.api.post(`/events/${event.id}/partners`, {
        organisation: { name: 'Ministry of Overseas Pakistanis', kind: 'government', countryCode: 'PK' },
        role: 'host',
      }),
      201,
      'partner',
    );
    expectStatus(
      await organiser.api.put(`/events/${event.id}/registration-form`, {
        fields: [
          { key: 'dietary', label: 'Dietary requirements', type: 'select', required: true, options: ['None', 'Vegetarian', 'Halal'] },
          { key: 'arrival', label: 'Arrival date', type: 'date', required: false },
          { key: 'consent', label: 'I agree that my name appears in the list of participants', type: 'checkbox', required: true },
        ],
      }),
      200,
      'registration form',
    );
    // A head of delegation, whose manage page lists the delegation's members in a table.
    const delegation = expectStatus(
      await organiser.api.post(`/events/${event.id}/delegations`, {
        name: 'Islamic Republic of Pakistan',
        kind: 'country',
        countryCode: 'PK',
        quota: 5,
        head: { email: headEmail, givenName: 'Saima', familyName: 'Qureshi' },
      }),
      201,
      'delegation',
    );
    const answers = { dietary: 'None', consent: true };
    expectStatus(
      await ctx.app.api.post(`/events/${event.id}/registrations`, {
        email: headEmail,
        givenName: 'Saima',
        familyName: 'Qureshi',
        delegationCode: delegation.code,
        answers,
      }),
      201,
      'the head of delegation',
    );
    for (const [givenName, familyName] of [
      ['Muhammad Abdullah', 'Chaudhry-Rahmanzai'],
      ['Ayesha', 'Siddiqui'],
    ]) {
      const email = `${givenName.split(' ')[0].toLowerCase()}.${familyName.toLowerCase()}.${unique('member')}@foreign-affairs-ministry.gov.example`;
      expectStatus(
        await ctx.app.api.post(`/events/${event.id}/registrations`, {
          email,
          givenName,
          familyName,
          delegationCode: delegation.code,
          answers,
        }),
        201,
        'a member',
      );
    }
    const outcomes = expectStatus(await ctx.app.api.get(`/events/${DEMO}/outcomes`), 200, 'the demo outcomes');
    outcomeId = outcomes[0].id;
  });
  afterAll(() => browser?.close());

  /** Screenshots the page, runs axe and measures sideways overflow; returns what is wrong (nothing, ideally). */
  async function inspect(page: Page, name: string, width: number, heading: string | RegExp): Promise<string[]> {
    const problems: string[] = [];
    const h1 = (await page.getByRole('heading', { level: 1 }).allTextContents()).map((text) => text.trim()).join(' | ');
    if (typeof heading === 'string' ? h1 !== heading : !heading.test(h1)) problems.push(`unexpected page: the heading is "${h1}"`);
    await page.screenshot({ path: outputPath('screenshots', 'accessibility', `${name}-${width}.png`), fullPage: true });
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    if (overflow > 0) problems.push(`the page scrolls sideways by ${overflow} px`);
    problems.push(...(await accessibilityProblems(page)));
    return problems;
  }

  it('at 390 px the commitments table scrolls inside a region named "Commitments" that keyboard users reach with Tab and scroll with the arrow keys, and a hint says so', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    try {
      await page.goto(`${ctx.app.url}/events/${DEMO}/outcomes/${outcomeId}`);
      const region = page.getByRole('region', { name: 'Commitments' });
      const hint = page.getByText('scroll it sideways to see every column');
      await expect(region.evaluate((element: any) => element.scrollWidth - element.clientWidth)).resolves.toBeGreaterThan(0);
      await expect(hint.isVisible()).resolves.toBe(true);
      let reached = false;
      for (let presses = 0; presses < 40 && !reached; presses += 1) {
        await page.keyboard.press('Tab');
        reached = await region.evaluate((element: any) => element === element.ownerDocument.activeElement);
      }
      expect(reached).toBe(true);
      for (let presses = 0; presses < 5; presses += 1) await page.keyboard.press('ArrowRight');
      await eventually(() => region.evaluate((element: any) => element.scrollLeft > 0), 10_000, 'the table to scroll sideways');
      await page.screenshot({ path: outputPath('screenshots', 'accessibility', 'outcome-table-scrolled-390.png'), fullPage: true });

      await page.setViewportSize({ width: 1280, height: 900 });
      await expect(hint.isVisible()).resolves.toBe(false);
      await expect(region.evaluate((element: any) => element.scrollWidth - element.clientWidth)).resolves.toBeLessThanOrEqual(0);
    } finally {
      await context.close();
    }
  });

  for (const { width, height } of WIDTHS) {
    it(`every public page at ${width} px, the register form with errors included, has no serious or critical axe violation`, async () => {
      const context = await browser.newContext({ viewport: { width, height } });
      const page = await context.newPage();
      const found: Record<string, string[]> = {};
      const visit = async (name: string, path: string, heading: string | RegExp) => {
        await page.goto(`${ctx.app.url}${path}`);
        found[name] = await inspect(page, name, width, heading);
      };
      try {
        await visit('home', '/', 'Events');
        await visit('event', `/events/${event.slug}`, 'Regional Consultation on Safe and Regular Migration');
        await visit('past-event', `/events/${DEMO}`, 'International Conference on Countering the Smuggling of Migrants');
        await visit('agenda', `/events/${DEMO}/agenda`, 'Agenda');
        await visit('outcomes', `/events/${DEMO}/outcomes`, 'Outcome documents');
        await visit('outcome', `/events/${DEMO}/outcomes/${outcomeId}`, /Outcome Statement/);
        await visit('register', `/events/${event.slug}/register`, 'Register');

        await page.getByLabel('Given name').fill('Nabeel');
        await page.getByLabel('Email').fill('not-an-email');
        await page.getByRole('button', { name: 'Register' }).click();
        await page.locator('.alert').waitFor();
        found['register-errors'] = await inspect(page, 'register-errors', width, 'Register');

        const email = `${unique('a11y')}@example.org`;
        await page.getByLabel('Family name').fill('Munir');
        await page.getByLabel('Email').fill(email);
        await page.getByLabel('Dietary requirements').selectOption('Halal');
        await page.getByLabel(/I agree/).check();
        await page.getByRole('button', { name: 'Register' }).click();
        found.registered = await inspect(page, 'registered', width, 'You are registered');

        const mail = await eventually(
          async () =>
            (await sink.messages()).find(
              (message) => message.envelopeTo.includes(email) && /\/registrations\/manage\//.test(message.text ?? ''),
            ),
          30_000,
          'the confirmation mail',
        );
        const manage = /https?:\/\/\S+\/registrations\/manage\/[\w-]+/.exec(mail.text!)![0].replace(/^https?:\/\/[^/]+/, '');
        await visit('manage', manage, 'Your registration');
        await page.getByRole('link', { name: 'Cancel my registration' }).click();
        found.cancel = await inspect(page, 'cancel', width, 'Cancel your registration?');
        await page.getByRole('button', { name: /Yes, cancel/ }).click();
        found.cancelled = await inspect(page, 'cancelled', width, 'Registration cancelled');

        const headMail = await eventually(
          async () =>
            (await sink.messages()).find(
              (message) => message.envelopeTo.includes(headEmail) && /\/registrations\/manage\//.test(message.text ?? ''),
            ),
          30_000,
          'the head of delegation’s mail',
        );
        await visit(
          'manage-head-of-delegation',
          /https?:\/\/\S+\/registrations\/manage\/[\w-]+/.exec(headMail.text!)![0].replace(/^https?:\/\/[^/]+/, ''),
          'Your registration',
        );

        await visit('not-found', '/events/no-such-event', 'Not found');
      } finally {
        await context.close();
      }
      const none = Object.fromEntries(Object.keys(found).map((name) => [name, []]));
      expect(found).toEqual(none);
      expect(Object.keys(found)).toHaveLength(14);
    }, 300_000);
  }
});
