import type { Browser, BrowserContext, Page } from 'playwright-core';
import { nextMailTo } from '../support/accounts';
import { ADMIN } from '../support/app';
import { launchBrowser } from '../support/browser';
import { HOSTILE, inspectAtBothWidths, inspectScreen, signedIn, signIn, WIDTHS } from '../support/console';
import { useApp } from '../support/context';
import { createPublishedEvent, createUser, expectStatus, TestUser, unique } from '../support/factories';
import type { SinkMessage } from '../support/smtp';
import { useSmtpSink } from '../support/smtp';

const PASSWORD = 'correct horse battery staple';

/** The path of the console link a mail carries (`/console/invitations/<token>`…), the same in its text and HTML parts. */
function linkPath(message: SinkMessage, path: 'password/reset' | 'invitations'): string {
  const pattern = new RegExp(`https?://[^/\\s"]+(/console/${path}/[A-Za-z0-9_-]{43})`);
  const inText = pattern.exec(message.text ?? '')?.[1];
  const inHtml = pattern.exec(message.html ?? '')?.[1];
  if (!inText || inText !== inHtml) throw new Error(`no /console/${path}/ link in both parts of "${message.subject}"`);
  return inText;
}

const pathOf = (page: Page) => new URL(page.url()).pathname;

/**
 * Issue 16, console: an event's team (adding by email, inviting, removing), the anonymous pages the
 * account mails link to (forgotten password, reset, team invitation), the account page, and the admins'
 * list of accounts. Through a browser, with mail through the SMTP sink.
 */
describe('Console: team, invitations, passwords and accounts', () => {
  const env: Record<string, string> = { LOGIN_RATE_LIMIT: '0', MAIL_POLL_INTERVAL_MS: '500', MAIL_YIELD_SECONDS: '0' };
  const smtp = useSmtpSink(env);
  const ctx = useApp(env);
  let browser: Browser;
  let organiser: TestUser;
  let event: { id: string; title: string };
  const problems: string[] = [];
  const contexts: BrowserContext[] = [];

  const fresh = async () => {
    const context = await browser.newContext({ baseURL: ctx.app.url, viewport: WIDTHS[0] });
    contexts.push(context);
    return { context, page: await context.newPage() };
  };
  const signedInAs = async (who: { email: string; password?: string }) => {
    const signed = await signedIn(browser, ctx.app.url, { email: who.email, password: who.password ?? PASSWORD });
    contexts.push(signed.context);
    signed.page.on('dialog', (dialog) => void dialog.accept());
    return signed;
  };
  const mailsTo = async (email: string) => (await smtp.sink.messages()).filter((message) => message.envelopeTo.includes(email)).length;

  beforeAll(async () => {
    browser = await launchBrowser();
    organiser = await createUser(ctx.app.api, 'organiser', 'Amina Rahman');
    event = await createPublishedEvent(organiser.api, { title: 'Regional Dialogue on Climate Finance' });
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
  });

  it('answers anonymous callers: signed-in screens send to sign in (303), the link pages are open', async () => {
    const get = (path: string) => fetch(`${ctx.app.url}${path}`, { redirect: 'manual' });
    for (const path of [`/console/events/${event.id}/team`, '/console/account', '/console/users']) {
      const response = await get(path);
      expect([path, response.status, response.headers.get('location')]).toEqual([
        path,
        303,
        `/console/login?next=${encodeURIComponent(path)}`,
      ]);
    }
    expect((await get('/console/password/forgot')).status).toBe(200);
    // An unknown link: a page saying so (410 Gone), not a sign-in.
    for (const path of [`/console/password/reset/${'a'.repeat(43)}`, `/console/invitations/${'a'.repeat(43)}`]) {
      const response = await get(path);
      expect([path, response.status]).toEqual([path, 410]);
      expect(await response.text()).toContain('This link no longer works');
    }
  });

  it('adds a rapporteur by an email without account: the invitation mail’s link sets a password, signs in, and shows the event', async () => {
    const { context, page } = await signedInAs(organiser);
    await page.goto(`/console/events/${event.id}/team`);
    await expect(page.getByRole('row', { name: new RegExp(organiser.email) }).innerText()).resolves.toMatch(/Amina Rahman[\s\S]*Organiser/);
    problems.push(...(await inspectAtBothWidths(context, `/console/events/${event.id}/team`, 'team', 'Team')));

    // Bad input: the error beside the field, the input kept.
    await page.getByLabel('Email').fill('not an email');
    await page.getByLabel('Full name (optional)').fill(HOSTILE.markup);
    await page.getByRole('button', { name: 'Add to team' }).click();
    await expect(page.locator('#email-error').textContent()).resolves.toBe('must be an email address');
    await expect(page.getByLabel('Email').inputValue()).resolves.toBe('not an email');
    await expect(page.getByLabel('Full name (optional)').inputValue()).resolves.toBe(HOSTILE.markup);
    problems.push(...(await inspectScreen(page, 'team-errors', 'Team')));

    const invitee = `${unique('rapporteur')}@plenary.test`;
    const before = await mailsTo(invitee);
    await page.getByLabel('Email').fill(invitee);
    await page.getByLabel('Role').selectOption({ label: 'Rapporteur' });
    await page.getByRole('button', { name: 'Add to team' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('an invitation to choose a password is on its way');
    const row = page.getByRole('row', { name: new RegExp(invitee) });
    await expect(row.innerText()).resolves.toMatch(/Rapporteur[\s\S]*pending/);
    await expect(row.getByRole('cell').first().textContent()).resolves.toBe(HOSTILE.markup);
    await expect(page.evaluate('window.__pwned')).resolves.toBeUndefined();

    const mail = await nextMailTo(smtp.sink, invitee, before);
    const link = linkPath(mail, 'invitations');
    const guest = await fresh();
    await guest.page.goto(link);
    await expect(guest.page.getByLabel('Full name').inputValue()).resolves.toBe(HOSTILE.markup);
    await expect(guest.page.evaluate('window.__pwned')).resolves.toBeUndefined();
    problems.push(...(await inspectScreen(guest.page, 'invitation', 'Join the team')));
    await guest.page.setViewportSize(WIDTHS[1]);
    problems.push(...(await inspectScreen(guest.page, 'invitation', 'Join the team')));
    await guest.page.setViewportSize(WIDTHS[0]);
    await guest.page.getByLabel('Full name').fill('Rahel Tesfaye');
    await guest.page.getByLabel(/^Password/).fill('a new team password');
    await guest.page.getByLabel('Confirm password').fill('another password');
    await guest.page.getByRole('button', { name: 'Set password and sign in' }).click();
    await expect(guest.page.locator('#confirmPassword-error').textContent()).resolves.toBe('does not match the new password');
    await expect(guest.page.getByLabel('Full name').inputValue()).resolves.toBe('Rahel Tesfaye');
    problems.push(...(await inspectScreen(guest.page, 'invitation-errors', 'Join the team')));
    await guest.page.getByLabel(/^Password/).fill('a new team password');
    await guest.page.getByLabel('Confirm password').fill('a new team password');
    await guest.page.getByRole('button', { name: 'Set password and sign in' }).click();
    await guest.page.waitForURL((url) => url.pathname === '/console');
    await expect(
      guest.page
        .getByRole('row', { name: new RegExp(event.title) })
        .getByRole('cell')
        .last()
        .textContent(),
    ).resolves.toBe('rapporteur');
    await expect(guest.page.getByRole('navigation', { name: 'Account' }).innerText()).resolves.toContain('Rahel Tesfaye');

    // The link works once.
    const again = await fresh();
    expect((await again.page.goto(link))?.status()).toBe(410);
    problems.push(...(await inspectScreen(again.page, 'link-invalid', 'This link no longer works')));

    await page.reload();
    await expect(row.innerText()).resolves.not.toContain('pending');
    await row.getByRole('button', { name: 'Remove the Rapporteur role from Rahel Tesfaye' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe('Role removed.');
    await expect(page.getByRole('row', { name: new RegExp(invitee) }).count()).resolves.toBe(0);

    // The last organiser stays, with a clear message.
    const response = page.waitForResponse((answer) => answer.request().method() === 'POST');
    await page
      .getByRole('row', { name: new RegExp(organiser.email) })
      .getByRole('button', { name: /^Remove the Organiser role/ })
      .click();
    expect((await response).status()).toBe(409);
    await expect(page.getByRole('alert').textContent()).resolves.toContain('last organiser');
    expect(expectStatus(await organiser.api.get(`/events/${event.id}/roles`), 200, 'team').length).toBe(1);
  });

  it('escapes hostile names on the team screen (markup, right-to-left, 500 characters) without sideways scrolling', async () => {
    // Names are at most 200 characters (the API's rule); 500 typed into the form are refused beside the field.
    const longest = HOSTILE.long.slice(0, 200);
    const rtl = await createUser(ctx.app.api, 'member', HOSTILE.rtl);
    const long = await createUser(ctx.app.api, 'member', longest);
    for (const who of [rtl, long])
      expectStatus(await organiser.api.put(`/events/${event.id}/roles`, { email: who.email, role: 'checkin' }), 200, 'check-in');
    const { context, page } = await signedInAs(organiser);
    await page.goto(`/console/events/${event.id}/team`);
    await expect(
      page
        .getByRole('row', { name: new RegExp(rtl.email) })
        .getByRole('cell')
        .first()
        .textContent(),
    ).resolves.toBe(HOSTILE.rtl);
    await expect(
      page
        .getByRole('row', { name: new RegExp(long.email) })
        .getByRole('cell')
        .first()
        .textContent(),
    ).resolves.toBe(longest);
    await page.getByLabel('Email').fill(`${unique('long')}@plenary.test`);
    await page.getByLabel('Full name (optional)').fill(HOSTILE.long);
    await page.getByRole('button', { name: 'Add to team' }).click();
    await expect(page.locator('#fullName-error').textContent()).resolves.toBe('must be shorter than or equal to 200 characters');
    await expect(page.getByLabel('Full name (optional)').inputValue()).resolves.toBe(HOSTILE.long);
    problems.push(...(await inspectScreen(page, 'team-long-name-error', 'Team')));
    problems.push(...(await inspectAtBothWidths(context, `/console/events/${event.id}/team`, 'team-hostile', 'Team')));
  });

  it('answers a check-in user 403 and another event’s organiser 404 on the team page', async () => {
    const checkin = await createUser(ctx.app.api, 'member', 'Desk Clerk');
    expectStatus(await organiser.api.put(`/events/${event.id}/roles`, { email: checkin.email, role: 'checkin' }), 200, 'check-in');
    const other = await createUser(ctx.app.api, 'organiser', 'Other Organiser');
    for (const [who, status, heading] of [
      [checkin, 403, 'You do not have access to this page'],
      [other, 404, 'Page not found'],
    ] as const) {
      const { page } = await signedInAs(who);
      expect((await page.goto(`/console/events/${event.id}/team`))?.status()).toBe(status);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(heading);
    }
  });

  it('resets a forgotten password by mail: other sign-ins end, the new password signs in, the link works once', async () => {
    const user = await createUser(ctx.app.api, 'member', 'Forgetful Person');
    const old = await signedInAs(user);
    const { context, page } = await fresh();
    problems.push(...(await inspectAtBothWidths(context, '/console/password/forgot', 'password-forgot', 'Forgot your password?')));
    await page.goto('/console/login');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expect(page.locator('#email-error').textContent()).resolves.toBe('must be an email address');
    // Nobody learns whether an address has an account: the same page either way.
    await page.getByLabel('Email').fill(`${unique('nobody')}@plenary.test`);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    const unknownAnswer = await page.locator('main').innerText();
    await page.goto('/console/password/forgot');
    const before = await mailsTo(user.email);
    await page.getByLabel('Email').fill(user.email.toUpperCase());
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expect(page.locator('main').innerText()).resolves.toBe(unknownAnswer);
    problems.push(...(await inspectScreen(page, 'password-forgot-sent', 'Check your email')));

    const link = linkPath(await nextMailTo(smtp.sink, user.email, before), 'password/reset');
    await page.goto(link);
    problems.push(...(await inspectScreen(page, 'password-reset', 'Choose a new password')));
    await page.getByLabel(/^New password/).fill('short');
    await page.getByLabel('Confirm password').fill('different');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expect(page.locator('#password-error').isVisible()).resolves.toBe(true);
    await expect(page.locator('#confirmPassword-error').textContent()).resolves.toBe('does not match the new password');
    problems.push(...(await inspectScreen(page, 'password-reset-errors', 'Choose a new password')));
    await page.getByLabel(/^New password/).fill('my brand new password');
    await page.getByLabel('Confirm password').fill('my brand new password');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.waitForURL('**/console/account?done=password-reset');
    await expect(page.getByRole('status').textContent()).resolves.toContain('Your new password is set');

    await old.page.goto('/console');
    expect(pathOf(old.page)).toBe('/console/login');
    expect((await ctx.app.api.post('/auth/login', { email: user.email, password: PASSWORD })).status).toBe(401);
    const renewed = await fresh();
    await signIn(renewed.page, { email: user.email, password: 'my brand new password' });
    expect(pathOf(renewed.page)).toBe('/console');

    const twice = await fresh();
    expect((await twice.page.goto(link))?.status()).toBe(410);
    // The server logged the requests to the link, never its token.
    const logged = ctx.app.process.output.join('\n');
    expect(logged).toContain('/console/password/reset/…');
    expect(logged).not.toContain(link.split('/').pop());
    await expect(twice.page.getByRole('link', { name: 'Ask for a new reset link' }).getAttribute('href')).resolves.toBe(
      '/console/password/forgot',
    );
  });

  it('changes the password on the account page, ending the account’s other sign-ins but not this one', async () => {
    const user = await createUser(ctx.app.api, 'organiser', 'Careful Person');
    const other = await signedInAs(user);
    const { context, page } = await signedInAs(user);
    await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Account' }).click();
    await expect(page.locator('main').innerText()).resolves.toContain(user.email);
    problems.push(...(await inspectAtBothWidths(context, '/console/account', 'account', 'Your account')));
    await page.getByLabel('Current password').fill('not my password');
    await page.getByLabel(/^New password/).fill('a changed password');
    await page.getByLabel('Confirm new password').fill('a changed password');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.locator('#currentPassword-error').textContent()).resolves.toBe('is not the current password');
    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByLabel(/^New password/).fill('a changed password');
    await page.getByLabel('Confirm new password').fill('a changed passwort');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.locator('#confirmPassword-error').textContent()).resolves.toBe('does not match the new password');
    problems.push(...(await inspectScreen(page, 'account-errors', 'Your account')));
    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByLabel(/^New password/).fill('a changed password');
    await page.getByLabel('Confirm new password').fill('a changed password');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Password changed');

    await page.goto('/console');
    expect(pathOf(page)).toBe('/console');
    await other.page.goto('/console');
    expect(pathOf(other.page)).toBe('/console/login');
    await signIn(other.page, { email: user.email, password: 'a changed password' });
    expect(pathOf(other.page)).toBe('/console');
  });

  it('lets an admin create an account, change its role and disable it: its open console page then asks to sign in', async () => {
    const { context, page } = await signedInAs(ADMIN);
    await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Users' }).click();
    problems.push(...(await inspectAtBothWidths(context, '/console/users', 'users', 'Users')));

    const email = `${unique('new')}@plenary.test`;
    await page.getByLabel(/^Email/).fill(email);
    await page.getByLabel(/^Full name/).fill(`${HOSTILE.markup} ${HOSTILE.rtl}`);
    await page.getByLabel(/^Password/).fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.locator('#password-error').isVisible()).resolves.toBe(true);
    await expect(page.getByLabel(/^Email/).inputValue()).resolves.toBe(email);
    problems.push(...(await inspectScreen(page, 'users-errors', 'Users')));
    await page.getByLabel(/^Password/).fill('a long enough password');
    await page.getByLabel(/^Global role \(/).selectOption({ label: 'Member' });
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe('Account created.');
    const row = page.getByRole('row', { name: new RegExp(email) });
    await expect(row.getByRole('cell').first().textContent()).resolves.toBe(`${HOSTILE.markup} ${HOSTILE.rtl}`);
    await expect(page.evaluate('window.__pwned')).resolves.toBeUndefined();
    await expect(page.getByLabel('Search by email or name').inputValue()).resolves.toBe(email);
    problems.push(...(await inspectAtBothWidths(context, `/console/users?q=${encodeURIComponent(email)}`, 'users-hostile', 'Users')));

    const target = await signedInAs({ email, password: 'a long enough password' });
    await expect(target.page.getByRole('link', { name: 'Create event' }).count()).resolves.toBe(0);

    await row.getByLabel(`Global role of ${email}`).selectOption({ label: 'Organiser' });
    await row.getByRole('button', { name: `Change role of ${email}` }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe('Role changed.');
    await expect(row.getByLabel(`Global role of ${email}`).inputValue()).resolves.toBe('organiser');
    await target.page.reload();
    await expect(target.page.getByRole('link', { name: 'Create event' }).count()).resolves.toBe(1);

    await row.getByRole('button', { name: `Disable account ${email}` }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Account disabled');
    await expect(row.innerText()).resolves.toContain('disabled');
    await target.page.reload();
    expect(pathOf(target.page)).toBe('/console/login');
    await target.page.getByLabel('Email').fill(email);
    await target.page.getByLabel('Password', { exact: true }).fill('a long enough password');
    await target.page.getByRole('button', { name: 'Sign in' }).click();
    await expect(target.page.getByText('Wrong email or password').isVisible()).resolves.toBe(true);

    await row.getByRole('button', { name: `Enable account ${email}` }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe('Account enabled again.');
    await signIn(target.page, { email, password: 'a long enough password' });
    expect(pathOf(target.page)).toBe('/console');

    // An admin cannot disable themselves: a clear refusal.
    await page.getByLabel('Search by email or name').fill(ADMIN.email);
    await page.getByRole('button', { name: 'Search' }).click();
    await page
      .getByRole('row', { name: new RegExp(ADMIN.email) })
      .getByRole('button', { name: `Disable account ${ADMIN.email}` })
      .click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('You cannot disable your own account');
    problems.push(...(await inspectScreen(page, 'users-own-account', 'Users')));
  });

  it('searches accounts by email or name and pages through them, keeping the search', async () => {
    const prefix = unique('bulk');
    // 25 accounts as rows (no password: as if invited), so that the search has two pages of 20.
    await ctx.db.query(
      `INSERT INTO app_user (email, full_name, role) SELECT $1 || '-' || lpad(n::text, 2, '0') || '@plenary.test', 'Bulk Person ' || n, 'member' FROM generate_series(1, 25) n`,
      [prefix],
    );
    const { page } = await signedInAs(ADMIN);
    await page.goto('/console/users');
    await page.getByLabel('Search by email or name').fill(prefix.toUpperCase());
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page.locator('main').innerText()).resolves.toContain('25 accounts matching');
    await expect(page.getByRole('region', { name: 'Accounts' }).getByRole('row').count()).resolves.toBe(21);
    await expect(page.getByRole('row', { name: new RegExp(`${prefix}-01@`) }).innerText()).resolves.toContain('invited');
    await page.getByRole('link', { name: 'Next page' }).click();
    await expect(page.locator('main').innerText()).resolves.toContain('Page 2 of 2');
    await expect(page.getByRole('region', { name: 'Accounts' }).getByRole('row').count()).resolves.toBe(6);
    await expect(page.getByRole('row', { name: new RegExp(`${prefix}-25@`) }).count()).resolves.toBe(1);
    await expect(page.getByRole('link', { name: 'Next page' }).count()).resolves.toBe(0);
    await page.getByRole('link', { name: 'Previous page' }).click();
    await expect(page.getByRole('row', { name: new RegExp(`${prefix}-01@`) }).count()).resolves.toBe(1);
    // By name, too.
    await page.goto(`/console/users?q=${encodeURIComponent('bulk person 7')}`);
    await expect(page.locator('main').innerText()).resolves.toMatch(/\d+ accounts? matching/);
    await expect(page.getByRole('row', { name: new RegExp(`${prefix}-07@`) }).count()).resolves.toBe(1);
  });

  it('answers a non-admin 403 on the users page', async () => {
    const { page } = await signedInAs(organiser);
    await expect(page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Users' }).count()).resolves.toBe(0);
    expect((await page.goto('/console/users'))?.status()).toBe(403);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('You do not have access to this page');
  });

  it('shows every screen above without an axe problem or sideways scrolling, at 1280 and 390 px', () => {
    expect(problems).toEqual([]);
  });
});

describe('Console: the forgotten-password and link pages are rate limited like sign-in', () => {
  const ctx = useApp({ LOGIN_RATE_LIMIT: '2' });

  it('answers the third request of a minute from one address with the console’s 429 page', async () => {
    const form = await fetch(`${ctx.app.url}/console/password/forgot`);
    const cookie = `plenary_csrf=${/plenary_csrf=([^;]*)/.exec(form.headers.get('set-cookie') ?? '')![1]}`;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1];
    const post = (path: string, fields: Record<string, string>) =>
      fetch(`${ctx.app.url}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
      });
    for (const path of [
      '/console/password/forgot',
      `/console/password/reset/${'a'.repeat(43)}`,
      `/console/invitations/${'a'.repeat(43)}`,
    ]) {
      const fields: Record<string, string> = path.endsWith('forgot')
        ? { email: 'someone@plenary.test' }
        : { password: 'a long password', confirmPassword: 'a long password' };
      const statuses = [(await post(path, fields)).status, (await post(path, fields)).status];
      const limited = await post(path, fields);
      // Within the limit: the same answer page (forgot), the invalid-link page (an unknown token).
      expect([path, statuses, limited.status]).toEqual([path, path.endsWith('forgot') ? [200, 200] : [410, 410], 429]);
      expect(await limited.text()).toContain('Too many attempts');
    }
  });
});
