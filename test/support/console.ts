import type { Browser, BrowserContext, Page } from 'playwright-core';
import { accessibilityProblems } from './axe';
import { outputPath } from './paths';

/** The two widths every console screen is looked at: a desktop and a phone. */
export const WIDTHS = [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
] as const;

/** A browser context (its own cookies) signed in to the console through its sign-in page. */
export async function signedIn(
  browser: Browser,
  baseUrl: string,
  who: { email: string; password: string },
  viewport: { width: number; height: number } = WIDTHS[0],
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, baseURL: baseUrl });
  const page = await context.newPage();
  await signIn(page, who);
  return { context, page };
}

/** Signs in on the sign-in page, as a person would, and waits for the page it leads to. */
export async function signIn(page: Page, who: { email: string; password: string }): Promise<void> {
  if (!page.url().includes('/console/login')) await page.goto('/console/login');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/console/login')),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
}

/**
 * What is wrong with the console screen on `page` (nothing, ideally), at 1280 and at 390 px (the page is
 * resized in place, so a page showing a form's errors is looked at as it is, then the viewport is put
 * back): its level-1 heading is not `heading`, it scrolls sideways, or axe-core finds a serious or critical
 * problem. Writes full-page screenshots to test/output/screenshots/console/<name>-<width>.png.
 */
export async function inspectScreen(page: Page, name: string, heading: string | RegExp): Promise<string[]> {
  const problems: string[] = [];
  const original = page.viewportSize();
  for (const viewport of WIDTHS) {
    await page.setViewportSize(viewport);
    problems.push(...(await inspectAtCurrentWidth(page, name, heading)));
  }
  if (original) await page.setViewportSize(original);
  return problems;
}

async function inspectAtCurrentWidth(page: Page, name: string, heading: string | RegExp): Promise<string[]> {
  const problems: string[] = [];
  const width = page.viewportSize()?.width ?? 0;
  const h1 = (await page.getByRole('heading', { level: 1 }).allTextContents()).map((text) => text.trim()).join(' | ');
  if (typeof heading === 'string' ? h1 !== heading : !heading.test(h1)) problems.push(`${name}: the heading is "${h1}"`);
  await page.screenshot({ path: outputPath('screenshots', 'console', `${name}-${width}.png`), fullPage: true });
  const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
  if (overflow > 0) problems.push(`${name} at ${width} px scrolls sideways by ${overflow} px`);
  problems.push(...(await accessibilityProblems(page)).map((problem) => `${name} at ${width} px: ${problem}`));
  return problems;
}

/** Looks at one console path at both widths in a signed-in context; returns the problems found. */
export async function inspectAtBothWidths(
  context: BrowserContext,
  path: string,
  name: string,
  heading: string | RegExp,
): Promise<string[]> {
  const page = await context.newPage();
  const problems: string[] = [];
  try {
    for (const viewport of WIDTHS) {
      await page.setViewportSize(viewport);
      await page.goto(path);
      problems.push(...(await inspectAtCurrentWidth(page, name, heading)));
    }
  } finally {
    await page.close();
  }
  return problems;
}

/** Text a hostile or unusual user might type: markup, right-to-left text, and a 500-character name. */
export const HOSTILE = {
  markup: `<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2">`,
  rtl: 'وزارة الخارجية \u202Eevil\u202C',
  long: 'L'.repeat(500),
};

/** Signs in over plain HTTP (no browser): the cookies a browser would then send, and a CSRF token for its forms. */
export async function httpSignIn(
  url: string,
  email: string,
  password = 'correct horse battery staple',
): Promise<{ cookie: string; csrf: string }> {
  const form = await fetch(`${url}/console/login`);
  const csrfCookie = /plenary_csrf=([^;]*)/.exec(form.headers.get('set-cookie') ?? '')?.[1];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!csrfCookie || !csrf) throw new Error('the sign-in page gave no CSRF cookie and token');
  const response = await fetch(`${url}/console/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `plenary_csrf=${csrfCookie}` },
    body: new URLSearchParams({ _csrf: csrf, email, password }).toString(),
  });
  const session = /plenary_console=([^;]*)/.exec(response.headers.get('set-cookie') ?? '');
  if (response.status !== 303 || !session) throw new Error(`signing in ${email} failed: ${response.status}`);
  return { cookie: `plenary_csrf=${csrfCookie}; plenary_console=${session[1]}`, csrf };
}
