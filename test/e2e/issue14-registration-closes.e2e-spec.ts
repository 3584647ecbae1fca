import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { registrationClosesAt, registrationClosesAtSql } from '../../src/events/registration-window';
import { launchBrowser } from '../support/browser';
import { useApp } from '../support/context';
import { createPublishedEvent, createUser, registrant, TestUser } from '../support/factories';
import { outputPath } from '../support/paths';

/**
 * Issue 14, defect 11 (first part): without an explicit registration window, registration closes when the
 * event ends in its own time zone — for the API (the quick statement and the full path alike) and for
 * what the event page says.
 */
describe('Registration closes when the event ends (issue 14)', () => {
  const ctx = useApp({ REGISTRATION_RATE_LIMIT: '0', DEMO_SEED: 'true' });
  let organiser: TestUser;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    organiser = await createUser(ctx.app.api, 'organiser');
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  afterAll(() => browser?.close());

  /** The calendar date in a time zone, `days` from today there. */
  const localDay = (zone: string, days: number) => DateTime.now().setZone(zone).plus({ days }).toISODate()!;

  /** An event whose last day is `days` from today in `zone`, without an explicit registration window. */
  const eventEnding = (zone: string, days: number, fields: Record<string, unknown> = {}) =>
    createPublishedEvent(organiser.api, {
      startDate: localDay(zone, days - 1),
      endDate: localDay(zone, days),
      timezone: zone,
      registrationClosesAt: null,
      ...fields,
    });

  // Kiritimati (UTC+14) and Pago Pago (UTC−11): between them, at any hour, one of the two days differs
  // from the day in UTC, so a close time taken at midnight UTC (or the server's zone) would be caught.
  const zones = ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Asia/Karachi'];

  it.each(zones)(
    'in %s: an event that ended yesterday refuses registrations (409 REGISTRATION_CLOSED), one that ends today still takes them',
    async (zone) => {
      const ended = await eventEnding(zone, -1);
      const endsToday = await eventEnding(zone, 0);
      for (const capacity of [null, 5]) {
        const endedHere = capacity === null ? ended : await eventEnding(zone, -1, { capacity });
        const todayHere = capacity === null ? endsToday : await eventEnding(zone, 0, { capacity });
        // Twice each: the second attempt goes through the quick statement with the event as last read.
        for (let attempt = 0; attempt < 2; attempt++) {
          const refused = await ctx.app.api.post(`/events/${endedHere.slug}/registrations`, registrant());
          expect([refused.status, refused.body.code]).toEqual([409, 'REGISTRATION_CLOSED']);
          const accepted = await ctx.app.api.post(`/events/${todayHere.slug}/registrations`, registrant());
          expect([accepted.status, accepted.body.status]).toEqual([201, 'confirmed']);
        }
      }
      const { rows } = await ctx.db.query('SELECT count(*)::int AS n FROM registration WHERE event_id = ANY($1)', [[ended.id]]);
      expect(rows[0].n).toBe(0);
    },
  );

  it('an explicit window still wins: an ended event whose window is still open takes registrations', async () => {
    const event = await eventEnding('Asia/Karachi', -3, { registrationClosesAt: DateTime.now().plus({ hours: 2 }).toISO() });
    expect((await ctx.app.api.post(`/events/${event.slug}/registrations`, registrant())).status).toBe(201);
  });

  it('an instance that last read the event as open still refuses once its window is gone and the event is over (the quick statement re-checks the end)', async () => {
    const event = await eventEnding('Asia/Karachi', -2, { registrationClosesAt: DateTime.now().plus({ hours: 2 }).toISO() });
    expect((await ctx.app.api.post(`/events/${event.slug}/registrations`, registrant())).status).toBe(201);
    // Without the explicit window, the event (ended two days ago) is closed, although the instance's
    // last read of it says open: the quick statement, judged on that read, must not write.
    expect((await organiser.api.patch(`/events/${event.id}`, { registrationClosesAt: null })).status).toBe(200);
    const refused = await ctx.app.api.post(`/events/${event.slug}/registrations`, registrant());
    expect([refused.status, refused.body.code]).toEqual([409, 'REGISTRATION_CLOSED']);
    const { rows } = await ctx.db.query('SELECT count(*)::int AS n FROM registration WHERE event_id = $1', [event.id]);
    expect(rows[0].n).toBe(1);
  });

  it('the SQL and the TypeScript close times agree, across time zones and a daylight-saving change', async () => {
    // The close time the database computes for stored events, against the one the API judges by.
    const cases = [
      ['Europe/Vienna', '2026-03-28'], // the night of the change to summer time
      ['America/St_Johns', '2026-11-01'], // half-hour offset, change back to standard time
      ['Pacific/Kiritimati', '2026-06-30'],
      ['Asia/Karachi', '2025-11-27'],
    ];
    for (const [zone, endDate] of cases) {
      const event = await createPublishedEvent(organiser.api, { startDate: endDate, endDate, timezone: zone, registrationClosesAt: null });
      const { rows } = await ctx.db.query(`SELECT ${registrationClosesAtSql('e')} AS closes FROM event e WHERE id = $1`, [event.id]);
      const judged = registrationClosesAt({ registrationClosesAt: null, endDate, timezone: zone });
      const midnightAfter = DateTime.fromISO(endDate, { zone }).plus({ days: 1 }).startOf('day').toJSDate();
      expect([zone, rows[0].closes.toISOString(), judged.toISOString()]).toEqual([
        zone,
        midnightAfter.toISOString(),
        midnightAfter.toISOString(),
      ]);
    }
  });

  it('the demo conference (26–27 November 2025) is closed: the API refuses, its page says so and offers no Register link', async () => {
    const refused = await ctx.app.api.post('/events/cosom-islamabad-2025/registrations', registrant());
    expect([refused.status, refused.body.code]).toEqual([409, 'REGISTRATION_CLOSED']);
    const open = await eventEnding('Asia/Karachi', 0, { title: 'Regional Cooperation Workshop' });
    for (const [width, height, label] of [
      [1280, 900, 'desktop'],
      [390, 844, 'phone'],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.goto(`${ctx.app.url}/events/cosom-islamabad-2025`);
      await expect(page.getByText('Registration for this event has closed').count()).resolves.toBe(1);
      await expect(page.getByText('Registration is open').count()).resolves.toBe(0);
      await expect(page.getByRole('link', { name: 'Register', exact: true }).count()).resolves.toBe(0);
      await page.screenshot({ path: outputPath('screenshots', `issue14-closed-event-${label}.png`), fullPage: true });

      await page.goto(`${ctx.app.url}/events/${open.slug}`);
      await expect(page.getByText('Registration is open').count()).resolves.toBe(1);
      await expect(page.getByRole('link', { name: 'Register', exact: true }).count()).resolves.toBe(1);
    }
  });
});
