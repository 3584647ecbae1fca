import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { createCheckInUser, fetchBadgePdf } from '../support/check-in';
import { HOSTILE, httpSignIn, inspectScreen, signedIn } from '../support/console';
import { useApp } from '../support/context';
import { createPublishedEvent, createUser, expectStatus, registrant, TestUser } from '../support/factories';
import { eventually } from '../support/mailings';
import { pdfQrCode } from '../support/pdf';

const PASSWORD = 'correct horse battery staple';
const PHONE = { width: 390, height: 844 };

/**
 * Issue 17, the check-in desk at the door, in a real Chromium against the real server and PostgreSQL: a USB
 * scanner (the code and Enter), a typed code, a search by name, refusals, the page without JavaScript, a
 * lost connection (scans kept and sent once), parallel scans of one badge, and who may open what.
 */
describe('Check-in desk', () => {
  const ctx = useApp({ REGISTRATION_RATE_LIMIT: '0' });
  let browser: Browser;
  let organiser: TestUser;
  let doorkeeper: TestUser;
  let event: { id: string; title: string };
  let otherEvent: { id: string };
  let door: { context: BrowserContext; page: Page };
  const problems: string[] = [];
  const codes: string[] = [];
  /** Confirmed registrations, by their family name: id and badge code (read from the badge's QR code). */
  const people: Record<string, { id: string; code: string }> = {};

  const desk = () => `/console/events/${event.id}/check-in`;
  const attendance = async () => expectStatus(await organiser.api.get(`/events/${event.id}/attendance`), 200, 'attendance');
  const checkedInRows = async (id: string) =>
    (await ctx.db.query<{ checked_in_at: Date | null }>('SELECT checked_in_at FROM registration WHERE id = $1', [id])).rows[0]
      .checked_in_at;
  const badgeCodeInDb = async (id: string) =>
    (await ctx.db.query<{ badge_code: string }>('SELECT badge_code FROM registration WHERE id = $1', [id])).rows[0].badge_code;

  async function register(eventId: string, fields: Record<string, unknown>): Promise<string> {
    return expectStatus(await ctx.app.api.post(`/events/${eventId}/registrations`, registrant(fields)), 201, 'a registration').id;
  }
  async function confirmedPerson(key: string, fields: Record<string, unknown>) {
    const id = await register(event.id, fields);
    const code = pdfQrCode(await fetchBadgePdf(ctx.app.api, organiser.token, id));
    if (!code) throw new Error('no QR code on the badge');
    codes.push(code);
    people[key] = { id, code };
  }

  const result = (page: Page) => page.locator('[data-result]');
  const scans = (page: Page) => page.locator('[data-recent-list] li').count();
  /** Types a code into the focused field and presses Enter, as a USB scanner does; waits for the desk's answer. */
  async function scanner(page: Page, code: string) {
    const before = await scans(page);
    await page.keyboard.type(code);
    await page.keyboard.press('Enter');
    await eventually(async () => (await scans(page)) > before, 20_000, `the answer to ${code}`);
  }
  const heading = (page: Page) => result(page).locator('.result-heading').textContent();
  const kind = (page: Page) => result(page).getAttribute('data-result-kind');

  beforeAll(async () => {
    browser = await launchBrowser();
    organiser = await createUser(ctx.app.api, 'organiser', 'Organiser Person');
    event = await createPublishedEvent(organiser.api, { title: 'International Conference on Countering the Smuggling of Migrants' });
    otherEvent = await createPublishedEvent(organiser.api, { title: 'Regional Workshop' });
    const kenya = expectStatus(
      await organiser.api.post(`/events/${event.id}/delegations`, {
        name: 'Republic of Kenya',
        kind: 'country',
        countryCode: 'KE',
        quota: 5,
      }),
      201,
      'a delegation',
    );
    await confirmedPerson('Wanjiru', { givenName: 'Grace', familyName: 'Wanjiru', delegationCode: kenya.code, category: 'delegate' });
    await confirmedPerson('Okafor', { givenName: 'Chidi', familyName: 'Okafor', organisation: 'IOM', category: 'observer' });
    await confirmedPerson('Hostile', { givenName: HOSTILE.markup, familyName: 'Markup', category: 'media' });
    await confirmedPerson('Offline', { givenName: 'Lena', familyName: 'Offline', category: 'staff' });
    await confirmedPerson('Dropped', { givenName: 'Tomas', familyName: 'Dropped' });
    await confirmedPerson('Parallel', { givenName: 'Pari', familyName: 'Parallel' });
    await confirmedPerson('Console', { givenName: 'Cora', familyName: 'Console' });
    await confirmedPerson('NoScript', { givenName: 'Noor', familyName: 'NoScript', category: 'speaker' });
    await confirmedPerson('ByOrganiser', { givenName: 'Olu', familyName: 'ByOrganiser' });
    await confirmedPerson('Remote', { givenName: 'Rami', familyName: 'Remote' });
    await confirmedPerson('Organised', { givenName: 'Olivia', familyName: 'Organised' });
    doorkeeper = await createCheckInUser(ctx.app.api, organiser, event.id);
    door = await signedIn(browser, ctx.app.url, { email: doorkeeper.email, password: PASSWORD }, PHONE);
    door.page.setDefaultTimeout(20_000);
    await door.page.goto(desk());
  });
  afterAll(async () => {
    await door?.context.close();
    await browser?.close();
  });

  it('opens on a phone with the code field focused, and the idle desk is readable', async () => {
    const { page } = door;
    expect(await page.evaluate<string | undefined>('document.activeElement?.id')).toBe('badgeCode');
    expect(await heading(page)).toBe('Ready to scan');
    expect(await page.locator('[data-arrived]').textContent()).toBe('0');
    expect(await page.getByRole('button', { name: 'Start camera' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Stop camera' }).isVisible()).toBe(false);
    // The check-in role sees only its tab.
    expect(await page.getByRole('navigation', { name: 'Event' }).getByRole('link').allTextContents()).toEqual(['Check-in']);
    problems.push(...(await inspectScreen(page, 'check-in-idle', 'Check-in')));
  });

  it('says plainly when the device has no camera (this browser has none)', async () => {
    const { page } = door;
    await page.getByRole('button', { name: 'Start camera' }).click();
    const message = page.locator('[data-camera-message]');
    await eventually(async () => ((await message.textContent()) ?? '') !== '', 20_000, 'the camera message');
    expect(await message.textContent()).toMatch(
      /^(No camera found on this device|The camera is not allowed on this page|The camera could not start)\./,
    );
    expect(await page.getByRole('button', { name: 'Start camera' }).isVisible()).toBe(true);
    await page.getByLabel('Badge code').focus();
  });

  it('checks in with a USB scanner (the code and Enter), without reloading; the same badge again is "Already checked in at HH:MM"', async () => {
    const { page } = door;
    await page.evaluate('window.__samePage = true');
    await scanner(page, people.Wanjiru.code);
    expect(await kind(page)).toBe('checked_in');
    expect(await heading(page)).toBe('Checked in');
    expect(await result(page).locator('.result-name').textContent()).toBe('Grace Wanjiru');
    const person = await result(page).locator('.result-person').textContent();
    expect(person).toContain('Republic of Kenya');
    expect(person).toContain('Delegate');
    expect(await result(page).locator('.result-icon').textContent()).toBe('✓');
    expect(await page.evaluate<boolean | undefined>('window.__samePage')).toBe(true);
    // Ready for the next badge: the field is empty and has the focus.
    expect(await page.getByLabel('Badge code').inputValue()).toBe('');
    expect(await page.evaluate<string | undefined>('document.activeElement?.id')).toBe('badgeCode');
    await eventually(async () => (await page.locator('[data-arrived]').textContent()) === '1', 10_000, 'arrivals 1');
    expect((await attendance()).checkedIn).toBe(1);
    problems.push(...(await inspectScreen(page, 'check-in-checked-in', 'Check-in')));

    // Typed by hand, in lower case: the same badge, found, and refused as already checked in.
    await scanner(page, people.Wanjiru.code.toLowerCase());
    expect(await kind(page)).toBe('already_checked_in');
    const first = (await checkedInRows(people.Wanjiru.id))!;
    const karachi = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Asia/Karachi' });
    expect(await heading(page)).toBe(`Already checked in at ${karachi.format(first)}`);
    expect(await result(page).locator('.result-name').textContent()).toBe('Grace Wanjiru');
    expect(await result(page).locator('.result-icon').textContent()).toBe('!');
    expect((await attendance()).checkedIn).toBe(1);
    expect(await page.locator('[data-arrived]').textContent()).toBe('1');
    problems.push(...(await inspectScreen(page, 'check-in-already', 'Check-in')));
  });

  it('says "Not valid" for an unknown code, another event\'s badge, a rejected registration and text that is no badge code', async () => {
    const { page } = door;
    const rejected = await register(event.id, { givenName: 'Rita', familyName: 'Rejected' });
    expectStatus(await organiser.api.post(`/registrations/${rejected}/reject`, {}), 200, 'rejecting');
    const foreign = await badgeCodeInDb(await register(otherEvent.id, { givenName: 'Otto', familyName: 'Elsewhere' }));
    const rejectedCode = await badgeCodeInDb(rejected);
    codes.push(foreign, rejectedCode);

    await scanner(page, 'ZZZZ2222ZZZZ2222');
    expect(await kind(page)).toBe('not_valid');
    expect(await heading(page)).toBe('Not valid');
    expect(await result(page).textContent()).toContain('No registration of this event has this badge.');
    expect(await result(page).locator('.result-icon').textContent()).toBe('✕');
    problems.push(...(await inspectScreen(page, 'check-in-not-valid', 'Check-in')));

    await scanner(page, foreign);
    expect(await heading(page)).toBe('Not valid');
    expect(await result(page).textContent()).toContain('No registration of this event has this badge.');
    expect(await result(page).locator('.result-name').isVisible()).toBe(false);

    await scanner(page, rejectedCode);
    expect(await heading(page)).toBe('Not valid');
    expect(await result(page).locator('.result-name').textContent()).toBe('Rita Rejected');
    expect(await result(page).textContent()).toContain('This registration was rejected.');
    problems.push(...(await inspectScreen(page, 'check-in-not-valid-person', 'Check-in')));

    await scanner(page, 'https://example.org/?x=<b>');
    expect(await heading(page)).toBe('Not valid');
    expect(await result(page).textContent()).toContain('This is not a Plenary badge code.');
    expect(await checkedInRows(rejected)).toBeNull();
    expect((await attendance()).checkedIn).toBe(1);
  });

  it('finds people by name and checks them in with the button beside the name; hostile names stay text', async () => {
    const { page } = door;
    await page.getByLabel('Name, email or organisation').fill('okafor');
    await Promise.all([page.waitForURL(/\?q=okafor$/), page.getByRole('button', { name: 'Search' }).click()]);
    expect(await page.getByText('1 found.').isVisible()).toBe(true);
    const before = await scans(page);
    await page.getByRole('button', { name: 'Check in Chidi Okafor' }).click();
    await eventually(async () => (await scans(page)) > before, 20_000, 'the answer');
    expect(await heading(page)).toBe('Checked in');
    expect(await result(page).locator('.result-name').textContent()).toBe('Chidi Okafor');
    expect(await result(page).locator('.result-person').textContent()).toContain('IOM');
    expect(await checkedInRows(people.Okafor.id)).not.toBeNull();

    await page.getByLabel('Name, email or organisation').fill('Markup');
    await Promise.all([page.waitForURL(/\?q=Markup$/), page.getByRole('button', { name: 'Search' }).click()]);
    expect(await page.locator('.found-name').first().textContent()).toBe(`${HOSTILE.markup} Markup`);
    const found = await scans(page);
    await page.getByRole('button', { name: /^Check in <script>/ }).click();
    await eventually(async () => (await scans(page)) > found, 20_000, 'the answer');
    expect(await result(page).locator('.result-name').textContent()).toBe(`${HOSTILE.markup} Markup`);
    expect(await page.evaluate<number | undefined>('window.__pwned')).toBeUndefined();
    problems.push(...(await inspectScreen(page, 'check-in-search', 'Check-in')));

    // Searched again, a checked-in person shows the time instead of the button.
    await page.getByLabel('Name, email or organisation').fill('Okafor');
    await Promise.all([page.waitForURL(/\?q=Okafor$/), page.getByRole('button', { name: 'Search' }).click()]);
    expect(await page.getByRole('button', { name: 'Check in Chidi Okafor' }).count()).toBe(0);
    expect(await page.getByText(/^Checked in at \d\d:\d\d$/).isVisible()).toBe(true);
    expect(await page.locator('[data-arrived]').textContent()).toBe('3');
  });

  it('counts arrivals made elsewhere live, from the server', async () => {
    const { page } = door;
    expectStatus(await doorkeeper.api.post(`/events/${event.id}/check-ins`, { badgeCode: people.Remote.code }), 200, 'an API check-in');
    await eventually(async () => (await page.locator('[data-arrived]').textContent()) === '4', 20_000, 'the count to reach 4');
  });

  it('keeps a scan made offline, says so plainly, and sends it once when the connection returns', async () => {
    const { page, context } = door;
    await page.goto(desk());
    const arrived = (await attendance()).checkedIn;
    await context.setOffline(true);
    await page.getByLabel('Badge code').fill(people.Offline.code);
    await page.keyboard.press('Enter');
    const connection = page.locator('[data-connection]');
    await eventually(async () => /^No connection — 1 scan is kept/.test((await connection.textContent()) ?? ''), 20_000, 'the message');
    expect(await connection.isVisible()).toBe(true);
    expect(await heading(page)).toBe('Kept, not checked yet');
    // The same badge again while offline is not kept twice.
    await page.getByLabel('Badge code').fill(people.Offline.code);
    await page.keyboard.press('Enter');
    expect(await connection.textContent()).toMatch(/^No connection — 1 scan is kept/);
    expect(await checkedInRows(people.Offline.id)).toBeNull();
    problems.push(...(await inspectScreen(page, 'check-in-offline', 'Check-in')));

    await context.setOffline(false);
    await eventually(async () => (await kind(page)) === 'checked_in', 30_000, 'the kept scan to be sent');
    expect(await result(page).locator('.result-name').textContent()).toBe('Lena Offline');
    expect(await result(page).textContent()).toContain('Sent after the connection returned.');
    await eventually(async () => await connection.isHidden(), 10_000, 'the message to go');
    expect((await attendance()).checkedIn).toBe(arrived + 1);
    await eventually(async () => (await page.locator('[data-arrived]').textContent()) === String(arrived + 1), 10_000, 'the count');
  });

  it('sends a scan again whose answer was lost on the way, and it is counted once', async () => {
    const { page } = door;
    const arrived = (await attendance()).checkedIn;
    // The request reaches the server, which checks the person in; the answer never reaches the page.
    let lost = 0;
    await page.route('**/check-in/scans', async (route) => {
      if (lost++ > 0) return route.continue();
      await route.fetch();
      await route.abort('internetdisconnected');
    });
    await page.getByLabel('Badge code').fill(people.Dropped.code);
    await page.keyboard.press('Enter');
    await eventually(async () => (await kind(page)) === 'already_checked_in', 30_000, 'the scan sent again');
    await page.unroute('**/check-in/scans');
    expect(lost).toBe(2);
    expect(await result(page).textContent()).toContain('the first check-in may have been this very scan');
    expect((await attendance()).checkedIn).toBe(arrived + 1);
    await eventually(async () => (await page.locator('[data-arrived]').textContent()) === String(arrived + 1), 10_000, 'the count');
  });

  it('checks in one of 10 parallel check-ins of the same badge, through the API and through the desk', async () => {
    const api = await Promise.all(
      Array.from({ length: 10 }, () => doorkeeper.api.post(`/events/${event.id}/check-ins`, { badgeCode: people.Parallel.code })),
    );
    expect(api.filter((response) => response.status === 200)).toHaveLength(1);
    const refused = api.filter((response) => response.status !== 200);
    expect(refused.map((response) => [response.status, response.body.code])).toEqual(Array(9).fill([409, 'ALREADY_CHECKED_IN']));

    const session = await httpSignIn(ctx.app.url, doorkeeper.email);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        fetch(`${ctx.app.url}${desk()}/scans`, {
          method: 'POST',
          headers: { cookie: session.cookie, 'content-type': 'application/json' },
          body: JSON.stringify({ _csrf: session.csrf, badgeCode: people.Console.code }),
        }).then(async (response) => ({ status: response.status, body: (await response.json()) as { result: string } })),
      ),
    );
    expect(answers.filter((answer) => answer.body.result === 'checked_in')).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 409 && answer.body.result === 'already_checked_in')).toHaveLength(9);
    const rows = await ctx.db.query(`SELECT count(*)::int AS n FROM registration WHERE id = ANY($1) AND checked_in_at IS NOT NULL`, [
      [people.Parallel.id, people.Console.id],
    ]);
    expect(rows.rows[0].n).toBe(2);
  });

  it('works without JavaScript: the code form posts and shows the result, an empty code is refused beside the field', async () => {
    const context = await browser.newContext({ viewport: PHONE, baseURL: ctx.app.url, javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      await page.goto('/console/login');
      await page.getByLabel('Email').fill(doorkeeper.email);
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await Promise.all([
        page.waitForURL((url) => !url.pathname.startsWith('/console/login')),
        page.getByRole('button', { name: 'Sign in' }).click(),
      ]);
      await page.goto(desk());
      expect(await page.getByRole('button', { name: 'Start camera' }).isVisible()).toBe(false);

      const empty = page.waitForResponse((response) => response.request().method() === 'POST');
      await page.getByRole('button', { name: 'Check in', exact: true }).click();
      expect((await empty).status()).toBe(400);
      const field = page.getByLabel('Badge code');
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#badgeCode-error').textContent()).toContain('Scan or type the code');
      expect(await page.getByRole('alert').textContent()).toContain('The badge code needs your attention');

      await field.fill('ZZZZ2222ZZZZ2223');
      const unknown = page.waitForResponse((response) => response.request().method() === 'POST');
      await page.keyboard.press('Enter');
      expect((await unknown).status()).toBe(404);
      expect(await heading(page)).toBe('Not valid');
      // The code typed is kept for correcting.
      expect(await page.getByLabel('Badge code').inputValue()).toBe('ZZZZ2222ZZZZ2223');

      await page.getByLabel('Badge code').fill(people.NoScript.code);
      const posted = page.waitForResponse((response) => response.request().method() === 'POST');
      await page.keyboard.press('Enter');
      expect((await posted).status()).toBe(200);
      expect(await heading(page)).toBe('Checked in');
      expect(await result(page).locator('.result-name').textContent()).toBe('Noor NoScript');
      expect(await result(page).locator('.result-person').textContent()).toContain('Speaker');
      expect(page.url()).not.toContain(people.NoScript.code);
      expect(await page.getByLabel('Badge code').inputValue()).toBe('');

      // Found by name, checked in with the button: already checked in.
      await page.getByLabel('Name, email or organisation').fill('NoScript');
      await Promise.all([page.waitForURL(/\?q=NoScript$/), page.getByRole('button', { name: 'Search' }).click()]);
      expect(await page.getByRole('button', { name: 'Check in Noor NoScript' }).count()).toBe(0);
      await page.getByLabel('Name, email or organisation').fill('ByOrganiser');
      await Promise.all([page.waitForURL(/\?q=ByOrganiser$/), page.getByRole('button', { name: 'Search' }).click()]);
      const found = page.waitForResponse((response) => response.request().method() === 'POST');
      await page.getByRole('button', { name: 'Check in Olu ByOrganiser' }).click();
      expect((await found).status()).toBe(200);
      expect(await heading(page)).toBe('Checked in');
      expect(await page.getByText(/^Checked in at \d\d:\d\d$/).isVisible()).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('shows the refused empty code, as posted without the script, readably at both widths', async () => {
    // (axe-core needs script in the page, so the page the plain POST renders is looked at in a page with script.)
    const { page } = door;
    await page.goto(desk());
    const posted = page.waitForResponse((response) => response.request().method() === 'POST');
    await page.evaluate("HTMLFormElement.prototype.submit.call(document.querySelector('form[data-code-form]'))");
    expect((await posted).status()).toBe(400);
    await page.locator('#badgeCode-error').waitFor();
    problems.push(...(await inspectScreen(page, 'check-in-empty-code', 'Check-in')));
  });

  it('refuses organiser pages to the check-in user (403), and the organiser uses the desk', async () => {
    const session = await httpSignIn(ctx.app.url, doorkeeper.email);
    for (const path of ['', '/settings', '/registrations', '/team', '/delegations', '/form']) {
      const response = await fetch(`${ctx.app.url}/console/events/${event.id}${path}`, {
        headers: { cookie: session.cookie },
        redirect: 'manual',
      });
      expect([path, response.status]).toEqual([path, 403]);
    }
    const own = await fetch(`${ctx.app.url}${desk()}/attendance.json`, { headers: { cookie: session.cookie } });
    expect(own.status).toBe(200);
    expect(await own.json()).toEqual({ checkedIn: (await attendance()).checkedIn, confirmed: (await attendance()).confirmed });

    const organiserDesk = await signedIn(browser, ctx.app.url, { email: organiser.email, password: PASSWORD });
    try {
      const { page } = organiserDesk;
      page.setDefaultTimeout(20_000);
      await page.goto(desk());
      expect(await page.getByRole('navigation', { name: 'Event' }).getByRole('link', { name: 'Registrations' }).isVisible()).toBe(true);
      await page.getByLabel('Badge code').focus();
      await scanner(page, people.Organised.code);
      expect(await heading(page)).toBe('Checked in');
      expect(await result(page).locator('.result-name').textContent()).toBe('Olivia Organised');
      expect(await checkedInRows(people.Organised.id)).not.toBeNull();
    } finally {
      await organiserDesk.context.close();
    }
  });

  it('keeps badge codes out of the server log, and every screen looked at had no problem', () => {
    const log = ctx.app.process.output.join('\n');
    expect(log).toContain('/check-in');
    for (const code of codes) expect(log).not.toContain(code);
    expect(problems).toEqual([]);
  });
});
