import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { HOSTILE, httpSignIn, inspectAtBothWidths, inspectScreen, signedIn, signIn, WIDTHS } from '../support/console';
import { useApp } from '../support/context';
import { createPublishedEvent, createUser, expectStatus, TestUser, unique } from '../support/factories';

const PASSWORD = 'correct horse battery staple';

describe('Console: signing in, my events, creating an event and its settings', () => {
  const ctx = useApp({ LOGIN_RATE_LIMIT: '0' });
  let browser: Browser;
  let organiser: TestUser;
  let other: TestUser;
  let checkin: TestUser;
  let event: { id: string; slug: string; title: string };
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    organiser = await createUser(ctx.app.api, 'organiser', 'Amina Rahman');
    other = await createUser(ctx.app.api, 'organiser', 'Other Organiser');
    checkin = await createUser(ctx.app.api, 'member', 'Desk Clerk');
    event = await createPublishedEvent(organiser.api, { title: 'Regional Workshop on Migration Data' });
    expectStatus(await organiser.api.put(`/events/${event.id}/roles`, { email: checkin.email, role: 'checkin' }), 200, 'check-in role');
  });
  afterAll(() => browser?.close());

  it('sends anonymous visitors to the sign-in page, keeps the email after a wrong password, and signs in', async () => {
    const context = await browser.newContext({ baseURL: ctx.app.url, viewport: WIDTHS[0] });
    const page = await context.newPage();
    await page.goto(`/console/events/${event.id}/settings`);
    expect(new URL(page.url()).pathname).toBe('/console/login');
    problems.push(...(await inspectScreen(page, 'login', 'Sign in')));
    await page.getByLabel('Email').fill(organiser.email);
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText('Wrong email or password').isVisible()).resolves.toBe(true);
    await expect(page.getByLabel('Email').inputValue()).resolves.toBe(organiser.email);
    problems.push(...(await inspectScreen(page, 'login-error', 'Sign in')));
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Back where they were going.
    await page.waitForURL(`**/console/events/${event.id}/settings`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Settings');
    const cookies = await context.cookies();
    const session = cookies.find((cookie) => cookie.name === 'plenary_console')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/console', secure: false });
    await context.close();
  });

  it('lists my events with their registration counts, creates an event (errors beside their fields, input kept), edits and publishes it', async () => {
    const { context, page } = await signedIn(browser, ctx.app.url, { email: organiser.email, password: PASSWORD });
    expectStatus(
      await ctx.app.api.post(`/events/${event.id}/registrations`, {
        email: `${unique('d')}@example.org`,
        givenName: 'Ali',
        familyName: 'Khan',
      }),
      201,
      'a registration',
    );
    await page.goto('/console');
    const row = page.getByRole('row', { name: new RegExp(event.title) });
    await expect(row.getByRole('cell').nth(3).textContent()).resolves.toBe('1');
    await expect(page.getByRole('row', { name: /Other Organiser/ }).count()).resolves.toBe(0);
    problems.push(...(await inspectAtBothWidths(context, '/console', 'my-events', 'My events')));
    await row.getByRole('link').click();
    await expect(page.getByRole('list', { name: 'At a glance' }).innerText()).resolves.toMatch(/1\s+registrations\s+1\s+confirmed/);
    await expect(page.getByRole('img', { name: /Registrations per day/ }).isVisible()).resolves.toBe(true);
    problems.push(...(await inspectAtBothWidths(context, `/console/events/${event.id}`, 'dashboard', 'Dashboard')));

    await page.goto('/console');
    await page.getByRole('link', { name: 'Create event' }).click();
    await page.getByLabel('Title').fill(HOSTILE.markup);
    await page.getByLabel('Address (slug)').fill('Not A Slug');
    await page.getByLabel('First day').fill('2031-05-12');
    await page.getByLabel('Last day').fill('2031-05-10');
    await page.getByLabel('Time zone').fill('Asia/Karachi');
    await page.getByLabel('Seats').fill('-3');
    await page.getByRole('button', { name: 'Create event' }).click();
    await expect(page.locator('#slug-error').textContent()).resolves.toContain('lower-case letters');
    await expect(page.locator('#capacity-error').textContent()).resolves.toContain('must not be less than 0');
    await expect(page.getByLabel('Title').inputValue()).resolves.toBe(HOSTILE.markup);
    await expect(page.evaluate('window.__pwned')).resolves.toBeUndefined();
    problems.push(...(await inspectScreen(page, 'event-new-errors', 'Create event')));

    const slug = unique('workshop');
    await page.getByLabel('Address (slug)').fill(slug);
    await page.getByLabel('Seats').fill('40');
    await page.getByRole('button', { name: 'Create event' }).click();
    // The last day before the first is the service's rule, shown beside the field.
    await expect(page.locator('#endDate-error').textContent()).resolves.toContain('on or after startDate');
    await page.getByLabel('Last day').fill('2031-05-13');
    await page.getByLabel('Registration closes').fill('2031-05-01T17:00');
    await page.getByLabel('Country').selectOption({ label: 'Pakistan' });
    await page.getByRole('button', { name: 'Create event' }).click();
    await page.waitForURL(/\/console\/events\/[0-9a-f-]+\/settings\?done=created/);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Event created');
    const id = /events\/([0-9a-f-]+)\/settings/.exec(page.url())![1];
    const created = expectStatus(await organiser.api.get(`/events/${id}`), 200, 'the new event');
    expect(created).toMatchObject({ slug, title: HOSTILE.markup, status: 'draft', capacity: 40, countryCode: 'PK', endDate: '2031-05-13' });
    // 17:00 in Karachi is 12:00 UTC.
    expect(new Date(created.registrationClosesAt).toISOString()).toBe('2031-05-01T12:00:00.000Z');
    await expect(page.getByLabel('Registration closes').inputValue()).resolves.toBe('2031-05-01T17:00');

    await page.getByLabel('Venue').fill(HOSTILE.rtl);
    await page.getByLabel('Title').fill(HOSTILE.long);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.locator('#title-error').isVisible()).resolves.toBe(true);
    await expect(page.getByLabel('Venue').inputValue()).resolves.toBe(HOSTILE.rtl);
    await page.getByLabel('Title').fill('Workshop on Migration Data');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe('Changes saved.');
    expect(expectStatus(await organiser.api.get(`/events/${id}`), 200, 'saved').venue).toBe(HOSTILE.rtl);

    // Without a name the partner is refused beside the field, and what was typed stays.
    await page.getByLabel('Acronym').fill('ICMPD');
    await page.getByRole('button', { name: 'Add partner' }).click();
    await expect(page.locator('#partner-name-error').isVisible()).resolves.toBe(true);
    await expect(page.getByLabel('Acronym').inputValue()).resolves.toBe('ICMPD');
    await page.getByLabel(/^Organisation/).fill('International Centre for Migration Policy Development');
    await page.getByLabel('Acronym').fill('ICMPD');
    await page.getByLabel('Kind of organisation').selectOption({ label: 'Intergovernmental' });
    await page.getByLabel('Role at this event').selectOption({ label: 'Co-organiser' });
    await page.getByRole('button', { name: 'Add partner' }).click();
    await expect(page.getByRole('row', { name: /ICMPD/ }).isVisible()).resolves.toBe(true);
    problems.push(...(await inspectAtBothWidths(context, `/console/events/${id}/settings`, 'event-settings', 'Settings')));

    await page.getByRole('link', { name: 'Publish event' }).click();
    problems.push(...(await inspectScreen(page, 'confirm-publish', 'Publish this event?')));
    await page.getByRole('button', { name: 'Publish event' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Event published');
    expect(expectStatus(await organiser.api.get(`/events/${id}`), 200, 'published').status).toBe('published');
    // The browser asks before removing (console.js); the organiser confirms.
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: /^Remove/ }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe('Partner removed.');
    await context.close();
  });

  it('answers a check-in user 403 and another event’s organiser 404 on the settings page', async () => {
    for (const [who, status, heading] of [
      [checkin, 403, 'You do not have access to this page'],
      [other, 404, 'Page not found'],
    ] as const) {
      const { context, page } = await signedIn(browser, ctx.app.url, { email: who.email, password: PASSWORD });
      const response = await page.goto(`/console/events/${event.id}/settings`);
      expect(response?.status()).toBe(status);
      problems.push(...(await inspectScreen(page, `refused-${status}`, heading)));
      await context.close();
    }
  });

  it('refuses a POST without the CSRF token (403) and a changed session cookie, and signing out ends the session for good', async () => {
    const { cookie, csrf } = await httpSignIn(ctx.app.url, organiser.email);
    const post = (headers: Record<string, string>, fields: Record<string, string>) =>
      fetch(`${ctx.app.url}/console/events/${event.id}/close`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(fields).toString(),
      });
    expect((await post({ cookie }, {})).status).toBe(403);
    expect((await post({ cookie }, { _csrf: `${csrf}x` })).status).toBe(403);
    expect(expectStatus(await organiser.api.get(`/events/${event.id}`), 200, 'event').status).toBe('published');

    const home = await fetch(`${ctx.app.url}/console`, { headers: { cookie }, redirect: 'manual' });
    expect(home.status).toBe(200);
    const changed = cookie.replace(/plenary_console=(.)/, (_all, first: string) => `plenary_console=${first === 'A' ? 'B' : 'A'}`);
    expect((await fetch(`${ctx.app.url}/console`, { headers: { cookie: changed }, redirect: 'manual' })).status).toBe(303);
    // A bearer token does not open the console.
    expect(
      (await fetch(`${ctx.app.url}/console`, { headers: { authorization: `Bearer ${organiser.token}` }, redirect: 'manual' })).status,
    ).toBe(303);

    const logout = await fetch(`${ctx.app.url}/console/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ _csrf: csrf }).toString(),
    });
    expect(logout.status).toBe(303);
    const after = await fetch(`${ctx.app.url}/console`, { headers: { cookie }, redirect: 'manual' });
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toBe('/console/login');
  });

  it('ends a session after its idle lifetime and after its absolute lifetime, however active', async () => {
    const home = (cookie: string) =>
      fetch(`${ctx.app.url}/console`, { headers: { cookie }, redirect: 'manual' }).then((response) => response.status);
    const idle = await httpSignIn(ctx.app.url, organiser.email);
    expect(await home(idle.cookie)).toBe(200);
    // CONSOLE_SESSION_IDLE_MINUTES is 60 by default: 61 minutes without a request.
    await ctx.db.query(`UPDATE console_session SET last_seen_at = now() - interval '61 minutes' WHERE user_id = $1`, [organiser.id]);
    expect(await home(idle.cookie)).toBe(303);
    const active = await httpSignIn(ctx.app.url, organiser.email);
    expect(await home(active.cookie)).toBe(200);
    await ctx.db.query(`UPDATE console_session SET expires_at = now() - interval '1 second' WHERE user_id = $1 AND revoked_at IS NULL`, [
      organiser.id,
    ]);
    expect(await home(active.cookie)).toBe(303);
  });

  it('signs out from the page header, and the browser is signed out', async () => {
    const { context, page } = await signedIn(browser, ctx.app.url, { email: organiser.email, password: PASSWORD });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/console/login');
    await page.goto('/console');
    expect(new URL(page.url()).pathname).toBe('/console/login');
    await signIn(page, { email: organiser.email, password: PASSWORD });
    expect(new URL(page.url()).pathname).toBe('/console');
    await context.close();
  });

  it('shows every screen above without an axe problem or sideways scrolling, at 1280 and 390 px', () => {
    expect(problems).toEqual([]);
  });
});
