import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { HOSTILE, inspectAtBothWidths, inspectScreen, signedIn } from '../support/console';
import { useApp } from '../support/context';
import { createEvent, createPublishedEvent, createUser, expectStatus, registrant, TestUser } from '../support/factories';
import { eventually } from '../support/mailings';
import { useSmtpSink } from '../support/smtp';

/** Issue 16: the console's Delegations screens, used in a real browser against the real server, database and an SMTP sink. */
describe('Console: delegations', () => {
  const env: Record<string, string> = {
    REGISTRATION_RATE_LIMIT: '0',
    MAIL_POLL_INTERVAL_MS: '500',
    PUBLIC_URL: 'http://plenary.example.org',
  };
  const smtp = useSmtpSink(env);
  const ctx = useApp(env);
  let browser: Browser;
  let organiser: TestUser;
  let event: { id: string; slug: string; title: string };
  let context: BrowserContext;
  let page: Page;
  const head = { email: 'head.pk@example.org', given: 'Imran', family: 'Qureshi' };
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    organiser = await createUser(ctx.app.api, 'organiser', 'Organiser Person');
    event = await createPublishedEvent(organiser.api, { title: 'International Conference on Countering the Smuggling of Migrants' });
    ({ context, page } = await signedIn(browser, ctx.app.url, { email: organiser.email, password: 'correct horse battery staple' }));
    page.setDefaultTimeout(10_000);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  const listPath = () => `/console/events/${event.id}/delegations`;
  const mailsTo = async (email: string) => (await smtp.sink.messages()).filter((message) => message.envelopeTo.includes(email));
  const invitationLog = async () =>
    (
      expectStatus(await organiser.api.get(`/events/${event.id}/mail-log?pageSize=100`), 200, 'the mail log').items as {
        to: string;
        template: string;
      }[]
    ).filter((item) => item.to === head.email && item.template === 'delegation_invitation');
  let delegationPath: string;
  let code: string;

  it('adds a country delegation with a head: the head is mailed the code, the page shows the code and the link', async () => {
    await page.goto(listPath());
    expect(await page.getByText('No delegations yet').isVisible()).toBe(true);
    await page.getByLabel(/^Name/).fill('Islamic Republic of Pakistan');
    await page.getByLabel('Kind').selectOption('country');
    await page.getByLabel('Country', { exact: true }).selectOption({ label: 'Pakistan' });
    await page.getByLabel('Quota').fill('5');
    await page.getByLabel('Email').fill(head.email);
    await page.getByLabel('Given name').fill(head.given);
    await page.getByLabel('Family name').fill(head.family);
    await Promise.all([
      page.waitForURL(/\/delegations\/[0-9a-f-]{36}\?done=created-mailed$/),
      page.getByRole('button', { name: 'Add delegation' }).click(),
    ]);
    delegationPath = new URL(page.url()).pathname;

    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Islamic Republic of Pakistan');
    expect(await page.getByRole('status').first().textContent()).toContain('Its head has been mailed');
    const link = await page.getByRole('textbox', { name: 'Registration link' }).inputValue();
    code = /\?delegation=([A-Z0-9]+)$/.exec(link)![1];
    expect(link).toBe(`http://plenary.example.org/events/${event.slug}/register?delegation=${code}`);
    expect(await page.locator('code.code').textContent()).toBe(code);
    expect(await page.getByRole('textbox', { name: 'Registration link' }).getAttribute('readonly')).not.toBeNull();
    expect(await page.getByRole('button', { name: 'Copy link' }).isVisible()).toBe(true);
    expect(await page.getByText('Country: Pakistan').isVisible()).toBe(true);

    const mail = await eventually(async () => (await mailsTo(head.email))[0], 30_000, "the head's invitation");
    expect(mail.text).toContain(code);
    expect(mail.text).toContain(`/events/${event.slug}/register?delegation=${code}`);

    // The link the page shows is the one the register page takes: it names the delegation.
    const register = await context.newPage();
    await register.goto(new URL(link).pathname + new URL(link).search);
    expect(await register.getByText('You are registering as a member of the delegation of').textContent()).toContain(
      'Islamic Republic of Pakistan',
    );
    await register.close();
  });

  it('copies the link with the button', async () => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ctx.app.url });
    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.getByText('Link copied.').waitFor();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(
      await page.getByRole('textbox', { name: 'Registration link' }).inputValue(),
    );
  });

  it('refuses a second delegation of the same country next to the Country field, keeping what was typed', async () => {
    await page.goto(listPath());
    await page.getByLabel(/^Name/).fill('Pakistan again');
    await page.getByLabel('Country', { exact: true }).selectOption({ label: 'Pakistan' });
    await page.getByLabel('Quota').fill('3');
    await page.getByLabel('Email').fill('other.head@example.org');
    await page.getByLabel('Given name').fill(HOSTILE.rtl);
    await page.getByLabel('Family name').fill('Khan');
    await page.getByRole('button', { name: 'Add delegation' }).click();
    await page.getByRole('alert').waitFor();
    const country = page.getByLabel('Country', { exact: true });
    expect(await country.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#countryCode-error').textContent()).toBe('already has a delegation at this event');
    expect(await page.getByLabel(/^Name/).inputValue()).toBe('Pakistan again');
    expect(await country.inputValue()).toBe('PK');
    expect(await page.getByLabel('Quota').inputValue()).toBe('3');
    expect(await page.getByLabel('Email').inputValue()).toBe('other.head@example.org');
    expect(await page.getByLabel('Given name').inputValue()).toBe(HOSTILE.rtl);
    problems.push(...(await inspectScreen(page, 'delegations-form-errors', 'Delegations')));
    await page.setViewportSize({ width: 390, height: 844 });
    problems.push(...(await inspectScreen(page, 'delegations-form-errors', 'Delegations')));
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('names a wrong quota and a missing organisation name beside their fields', async () => {
    await page.goto(listPath());
    await page.getByLabel(/^Name/).fill('INTERPOL');
    await page.getByLabel('Kind').selectOption('organisation');
    expect(await page.getByLabel('Country', { exact: true }).isVisible()).toBe(false);
    await page.getByLabel('Quota').fill('-2');
    await page.getByRole('button', { name: 'Add delegation' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.locator('#quota-error').textContent()).toMatch(/must not be less than 0/);
    expect(await page.locator('#organisationName-error').textContent()).toMatch(/longer than or equal to 1/);
    expect(await page.getByLabel('Kind').inputValue()).toBe('organisation');
  });

  it('edits the quota; a member registering with the code counts on the list', async () => {
    await page.goto(delegationPath);
    await page.getByLabel('Quota').fill('8');
    await Promise.all([page.waitForURL(/\?done=saved$/), page.getByRole('button', { name: 'Save changes' }).click()]);
    expect(await page.getByText('0 of a quota of 8').isVisible()).toBe(true);

    const member = registrant({ givenName: 'Ayesha', familyName: 'Siddiqui', delegationCode: code });
    expectStatus(await ctx.app.api.post(`/events/${event.slug}/registrations`, member), 201, 'a member');
    await page.goto(listPath());
    const row = page.getByRole('row', { name: /Islamic Republic of Pakistan/ });
    expect(await row.getByRole('cell').nth(3).textContent()).toBe('1 / 8');
    expect(await row.getByRole('cell').nth(2).textContent()).toContain(head.email);
    expect(await row.getByRole('cell').nth(5).textContent()).toBe(code);

    await page.getByRole('link', { name: 'Islamic Republic of Pakistan' }).click();
    const members = page.getByRole('region', { name: 'Members' });
    expect(await members.getByRole('row', { name: /Ayesha Siddiqui/ }).textContent()).toContain(member.email as string);

    await page.getByLabel('Quota').fill('0');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.locator('#quota-error').textContent()).toContain('already has 1 registered members');
    expect(await page.getByLabel('Quota').inputValue()).toBe('0');
  });

  it('resends the invitation: a second mail arrives, and a double submit sends no third', async () => {
    await page.goto(delegationPath);
    expect(await invitationLog()).toHaveLength(1);
    // The form posted twice at once, as a double click without JavaScript does: one mails, the other is told it just was.
    const landed = await page.evaluate<string[]>(`(async () => {
      const form = [...document.querySelectorAll('form')].find((one) => one.action.endsWith('/resend-invitation'));
      const post = () => fetch(form.action, { method: 'POST', body: new URLSearchParams(new FormData(form)) });
      return (await Promise.all([post(), post()])).map((answer) => new URL(answer.url).search);
    })()`);
    expect(landed.sort()).toEqual(['?done=resent', '?done=resent-recently']);
    const second = await eventually(async () => (await mailsTo(head.email))[1], 30_000, 'the invitation again');
    expect(second.text).toContain(code);
    expect(await invitationLog()).toHaveLength(2);

    // The button, double-clicked: sent once (console.js), and refused anyway so soon after.
    await page.reload();
    expect(await page.getByText('It was last mailed again on').isVisible()).toBe(true);
    await Promise.all([page.waitForURL(/\?done=resent-recently$/), page.getByRole('button', { name: 'Resend invitation' }).dblclick()]);
    expect(await page.getByRole('status').first().textContent()).toContain('so it was not sent another time');
    expect(await invitationLog()).toHaveLength(2);
  });

  it('moves the status with buttons named by their action', async () => {
    await page.goto(delegationPath);
    expect(await page.getByRole('button', { name: 'Mark as accredited' }).count()).toBe(0);
    await Promise.all([page.waitForURL(/\?done=nominated$/), page.getByRole('button', { name: 'Mark as nominated' }).click()]);
    expect(await page.locator('.delegation-head .status').textContent()).toBe('nominated');
    await Promise.all([page.waitForURL(/\?done=accredited$/), page.getByRole('button', { name: 'Mark as accredited' }).click()]);
    expect(await page.getByText('It is accredited: there is no further step.').isVisible()).toBe(true);
    await page.goto(listPath());
    expect(
      await page
        .getByRole('row', { name: /Islamic Republic of Pakistan/ })
        .getByText('accredited')
        .isVisible(),
    ).toBe(true);
  });

  it('escapes hostile names in the list and on the page', async () => {
    const names = [HOSTILE.markup, HOSTILE.rtl, HOSTILE.long.slice(0, 200)];
    const organisations = [HOSTILE.markup, HOSTILE.rtl, HOSTILE.long.slice(0, 300)];
    const ids: string[] = [];
    for (const [index, name] of names.entries()) {
      const created = await organiser.api.post(`/events/${event.id}/delegations`, {
        name,
        kind: 'organisation',
        organisationName: organisations[index],
        quota: 2,
        head: { email: `hostile${index}@example.org`, givenName: HOSTILE.rtl, familyName: HOSTILE.markup.slice(0, 100) },
      });
      ids.push(expectStatus(created, 201, 'a hostile delegation').id);
    }
    await page.goto(listPath());
    expect(await page.evaluate<unknown>('window.__pwned')).toBeUndefined();
    expect(await page.getByRole('link', { name: HOSTILE.markup }).count()).toBe(1);
    expect(await page.getByRole('link', { name: HOSTILE.rtl }).count()).toBe(1);
    problems.push(...(await inspectAtBothWidths(context, listPath(), 'delegations-list', 'Delegations')));
    await page.goto(`${listPath()}/${ids[0]}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(HOSTILE.markup);
    expect(await page.evaluate<unknown>('window.__pwned')).toBeUndefined();
    problems.push(...(await inspectAtBothWidths(context, `${listPath()}/${ids[2]}`, 'delegation-page-long', HOSTILE.long.slice(0, 200))));
    problems.push(...(await inspectAtBothWidths(context, delegationPath, 'delegation-page', 'Islamic Republic of Pakistan')));
    expect(problems).toEqual([]);
  });

  it('shows a check-in user the 403 page and another event’s organiser 404', async () => {
    const checkin = await createUser(ctx.app.api, 'member', 'Check-in Person');
    expectStatus(await organiser.api.put(`/events/${event.id}/roles`, { email: checkin.email, role: 'checkin' }), 200, 'the check-in role');
    const asCheckin = await signedIn(browser, ctx.app.url, { email: checkin.email, password: 'correct horse battery staple' });
    const forbidden = await asCheckin.page.goto(delegationPath);
    expect(forbidden?.status()).toBe(403);
    expect(await asCheckin.page.getByRole('heading', { level: 1 }).textContent()).toBe('You do not have access to this page');
    expect((await asCheckin.page.goto(listPath()))?.status()).toBe(403);
    await asCheckin.context.close();

    const other = await createUser(ctx.app.api, 'organiser', 'Other Organiser');
    const theirs = await createEvent(other.api, { title: 'Another Conference' });
    const draft = await createEvent(organiser.api, { title: 'A Draft Conference' });
    const draftDelegation = expectStatus(
      await organiser.api.post(`/events/${draft.id}/delegations`, { name: 'Nepal', kind: 'country', countryCode: 'NP', quota: 2 }),
      201,
      'a delegation of the draft',
    );
    const asOther = await signedIn(browser, ctx.app.url, { email: other.email, password: 'correct horse battery staple' });
    const delegationId = delegationPath.split('/').pop()!;
    // Their own event's address with this event's delegation, and this organiser's draft event: both unknown to them.
    for (const path of [
      `/console/events/${theirs.id}/delegations/${delegationId}`,
      `/console/events/${draft.id}/delegations`,
      `/console/events/${draft.id}/delegations/${draftDelegation.id}`,
    ]) {
      const answer = await asOther.page.goto(path);
      expect([path, answer?.status()]).toEqual([path, 404]);
      expect(await asOther.page.getByRole('heading', { level: 1 }).textContent()).toBe('Page not found');
    }
    await asOther.context.close();
  });
});
