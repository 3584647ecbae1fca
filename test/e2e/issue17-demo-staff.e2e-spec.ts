import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { signedIn } from '../support/console';
import { useApp } from '../support/context';

/**
 * Issue 17: `npm start` shows the console as each of the conference's roles sees it. The demo's rapporteur
 * and check-in desk sign in with the logins the server prints, find the conference among their events, and
 * are taken to their part of it, with only their tabs.
 */
describe('The demo staff in the console', () => {
  const ctx = useApp({ DEMO_SEED: 'true', LOGIN_RATE_LIMIT: '0' });
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const printed = (role: string) => {
    const line = ctx.app.process.output.find((text) => text.includes(`Demo ${role}: `));
    // The line as logged (JSON in tests): "Demo rapporteur: <email> / <password>".
    const match = /Demo \w+: ([^\s"]+) \/ ([^\s"]+)/.exec(line ?? '');
    if (!match) throw new Error(`the server printed no ${role} login`);
    return { email: match[1], password: match[2] };
  };

  it.each([
    ['rapporteur', 'Outcomes', /\/outcomes$/],
    ['checkin', 'Check-in', /\/check-in$/],
  ])('signs the %s in with the printed login and opens the conference on their tab, the only one they see', async (role, tab, path) => {
    const { context, page } = await signedIn(browser, ctx.app.url, printed(role));
    try {
      page.setDefaultTimeout(20_000);
      const link = page.getByRole('link', { name: 'International Conference on Countering the Smuggling of Migrants' });
      expect(await page.getByRole('row').filter({ has: link }).textContent()).toContain(role);
      await Promise.all([page.waitForURL(path), link.click()]);
      expect(await page.getByRole('navigation', { name: 'Event' }).getByRole('link').allTextContents()).toEqual([tab]);
    } finally {
      await context.close();
    }
  });
});
