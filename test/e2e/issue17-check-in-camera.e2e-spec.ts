import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createCheckInUser, fetchBadgePdf, launchBrowserWithCamera, writeBadgeVideo } from '../support/check-in';
import { inspectScreen, signedIn } from '../support/console';
import { useApp } from '../support/context';
import { createPublishedEvent, createUser, expectStatus, registrant, TestUser } from '../support/factories';
import { eventually } from '../support/mailings';

/**
 * Issue 17, the check-in desk: a check-in user holds a real badge up to the phone's camera. The camera is
 * Chromium's fake one playing a video the test makes from the badge PDF the API serves (pdftoppm, then
 * YUV4MPEG2 written here): a few frames with the badge, then a white wall, looped.
 */
describe('Check-in desk: scanning a badge with the camera', () => {
  const ctx = useApp({ REGISTRATION_RATE_LIMIT: '0' });
  const dir = mkdtempSync(join(tmpdir(), 'plenary-camera-'));
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let organiser: TestUser;
  let event: { id: string };
  let registration: { id: string };
  const problems: string[] = [];

  beforeAll(async () => {
    organiser = await createUser(ctx.app.api, 'organiser', 'Organiser Person');
    event = await createPublishedEvent(organiser.api, { title: 'International Conference on Countering the Smuggling of Migrants' });
    registration = expectStatus(
      await ctx.app.api.post(
        `/events/${event.id}/registrations`,
        registrant({ givenName: 'Farah', familyName: 'Siddiqui', category: 'speaker' }),
      ),
      201,
      'a registration',
    );
    expect(registration).toMatchObject({ status: 'confirmed' });
    const video = join(dir, 'badge.y4m');
    writeBadgeVideo(await fetchBadgePdf(ctx.app.api, organiser.token, registration.id), video);
    browser = await launchBrowserWithCamera(video);
    const doorkeeper = await createCheckInUser(ctx.app.api, organiser, event.id);
    ({ context, page } = await signedIn(
      browser,
      ctx.app.url,
      { email: doorkeeper.email, password: 'correct horse battery staple' },
      { width: 390, height: 844 },
    ));
    page.setDefaultTimeout(30_000);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const attendance = async () => expectStatus(await organiser.api.get(`/events/${event.id}/attendance`), 200, 'attendance');

  it('checks the person in once from the camera, then says "Already checked in at …" when the badge is shown again', async () => {
    // My events links a check-in user straight to the desk, the first tab their role opens.
    await Promise.all([
      page.waitForURL(`**/console/events/${event.id}/check-in`),
      page.getByRole('link', { name: 'International Conference on Countering the Smuggling of Migrants' }).click(),
    ]);
    await page.getByRole('button', { name: 'Start camera' }).click();
    const camera = page.locator('[data-camera]');
    await page.getByText(/^Scanning with /).waitFor();
    const scanner = await camera.getAttribute('data-scanner');
    const hint = await page.getByText(/^Scanning with /).textContent();
    // Which reader ran is recorded: headless Chromium on Linux has no BarcodeDetector, so jsQR reads the frames.
    console.log(`check-in camera: data-scanner=${scanner}; "${hint}"`);
    expect(['jsqr', 'barcode-detector']).toContain(scanner);

    const result = page.getByRole('status', { name: 'Result' });
    await eventually(async () => (await result.getAttribute('data-result-kind')) === 'checked_in', 30_000, 'the first scan');
    expect(await result.locator('.result-heading').textContent()).toBe('Checked in');
    expect(await result.locator('.result-name').textContent()).toBe('Farah Siddiqui');
    expect(await result.textContent()).toContain('Speaker');
    await eventually(async () => (await page.locator('[data-arrived]').textContent()) === '1', 15_000, 'the arrivals to count 1');

    // The badge leaves the view (white frames) and comes back: the second scan is answered "already".
    await eventually(async () => (await result.getAttribute('data-result-kind')) === 'already_checked_in', 30_000, 'the second scan');
    expect(await result.locator('.result-heading').textContent()).toMatch(/^Already checked in at \d\d:\d\d$/);
    expect(await result.locator('.result-name').textContent()).toBe('Farah Siddiqui');

    const counted = await attendance();
    expect(counted.checkedIn).toBe(1);
    expect(await page.locator('[data-arrived]').textContent()).toBe('1');
    const rows = await ctx.db.query('SELECT checked_in_at FROM registration WHERE event_id = $1 AND checked_in_at IS NOT NULL', [event.id]);
    expect(rows.rows).toHaveLength(1);
    // The time the desk shows is the first check-in's, in the event's time zone (Asia/Karachi).
    const first = new Date(rows.rows[0].checked_in_at);
    const karachi = new Intl.DateTimeFormat('en-GB', {
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: 'Asia/Karachi',
    }).format(first);
    expect(await result.locator('.result-heading').textContent()).toBe(`Already checked in at ${karachi}`);
    problems.push(...(await inspectScreen(page, 'check-in-camera', 'Check-in')));

    await page.getByRole('button', { name: 'Stop camera' }).click();
    await page.getByText('Camera stopped.').waitFor();
    expect(problems).toEqual([]);
  });
});
