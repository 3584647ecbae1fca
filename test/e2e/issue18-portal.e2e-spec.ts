import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { inspectScreen, signedIn } from '../support/console';
import { useApp } from '../support/context';
import { createPublishedEvent, createUser, expectStatus, TestUser } from '../support/factories';
import { eventually } from '../support/mailings';
import { fillNominee } from '../support/portal';
import { useSmtpSink } from '../support/smtp';

/**
 * Issue 18, the focal point's portal and the secretariat's accreditation review, in a real browser against the
 * real server, database and SMTP sink: an organiser adds the delegation of Pakistan (quota 3) with a focal point;
 * the focal point signs in from the mail, nominates 3 members, is refused a 4th, replaces one, submits; the
 * nominees are mailed; the secretariat returns one member with a reason (mailed) and accredits the others.
 */
describe('The focal point’s portal and the accreditation review', () => {
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
  let console_: { context: BrowserContext; page: Page };
  let focal: { context: BrowserContext; page: Page };
  let portalPath: string;
  const head = { email: 'focal.point@mofa.gov.pk', given: 'Imran', family: 'Qureshi' };
  const nominees = [
    { honorific: 'H.E.', given: 'Ayesha', family: 'Farooq', email: 'ayesha.farooq@mofa.gov.pk', job: 'Ambassador', category: 'delegate' },
    { honorific: 'Mr', given: 'Bilal', family: 'Khan', email: 'bilal.khan@interior.gov.pk', job: 'Director, FIA', category: 'delegate' },
    { honorific: 'Ms', given: 'Sana', family: 'Malik', email: 'sana.malik@interior.gov.pk', job: 'Deputy Director', category: 'observer' },
  ];
  const fourth = {
    honorific: 'Dr',
    given: 'Tariq',
    family: 'Aziz',
    email: 'tariq.aziz@mofa.gov.pk',
    job: 'Legal adviser',
    category: 'delegate',
  };
  const replacement = {
    honorific: 'Ms',
    given: 'Hina',
    family: 'Rabbani',
    email: 'hina.rabbani@interior.gov.pk',
    job: 'Joint Secretary',
    category: 'delegate',
  };
  const problems: string[] = [];

  const mailsTo = async (email: string) => (await smtp.sink.messages()).filter((message) => message.envelopeTo.includes(email));
  const mailWith = (email: string, subject: RegExp, what: string) =>
    eventually(async () => (await mailsTo(email)).find((message) => subject.test(message.subject ?? '')), 60_000, what);
  const pathOf = (text: string, pattern: RegExp) => new URL(pattern.exec(text)![0]).pathname;

  beforeAll(async () => {
    browser = await launchBrowser();
    organiser = await createUser(ctx.app.api, 'organiser', 'Secretariat Person');
    event = await createPublishedEvent(organiser.api, {
      title: 'International Conference on Countering the Smuggling of Migrants',
      inviteOnly: true,
    });
    console_ = await signedIn(browser, ctx.app.url, { email: organiser.email, password: 'correct horse battery staple' });
    console_.page.setDefaultTimeout(15_000);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: ctx.app.url });
    focal = { context, page: await context.newPage() };
    focal.page.setDefaultTimeout(15_000);
  }, 120_000);
  afterAll(async () => {
    await console_?.context.close();
    await focal?.context.close();
    await browser?.close();
  });
  afterAll(() => expect(problems).toEqual([]));

  it('the organiser adds the delegation of Pakistan with its focal point, who is mailed the portal', async () => {
    const { page } = console_;
    await page.goto(`/console/events/${event.id}/delegations`);
    await page.getByLabel(/^Name/).fill('Pakistan');
    await page.getByLabel('Kind').selectOption('country');
    await page.getByLabel('Country', { exact: true }).selectOption({ label: 'Pakistan' });
    await page.getByLabel('Quota').fill('3');
    await page.getByLabel('Email').fill(head.email);
    await page.getByLabel('Given name').fill(head.given);
    await page.getByLabel('Family name').fill(head.family);
    await Promise.all([
      page.waitForURL(/\/delegations\/[0-9a-f-]{36}\?done=created-mailed$/),
      page.getByRole('button', { name: 'Add delegation' }).click(),
    ]);
    const mail = await mailWith(head.email, /^Invitation to the delegation of Pakistan/, 'the invitation');
    portalPath = pathOf(mail.text!, /http:\/\/plenary\.example\.org\/portal\/delegations\/[0-9a-f-]{36}/);
    expect(page.url()).toContain(portalPath.split('/').pop()!);
  }, 90_000);

  it('the focal point asks for a sign-in link; the same answer for another address, which is mailed nothing', async () => {
    const { page } = focal;
    await page.goto(portalPath);
    problems.push(...(await inspectScreen(page, 'portal-sign-in', 'Sign in to your delegation’s portal')));
    await page.getByLabel('Your email').fill('someone.else@example.org');
    await Promise.all([page.waitForURL(/\?sent=1$/), page.getByRole('button', { name: 'Mail me a sign-in link' }).click()]);
    const answer = await page.getByRole('status').textContent();
    await page.getByLabel('Your email').fill(head.email.toUpperCase());
    await Promise.all([page.waitForURL(/\?sent=1$/), page.getByRole('button', { name: 'Mail me a sign-in link' }).click()]);
    expect(await page.getByRole('status').textContent()).toBe(answer);
    expect(answer).toContain('If this address is the focal point’s, a sign-in link is on its way');
    problems.push(...(await inspectScreen(page, 'portal-link-sent', 'Sign in to your delegation’s portal')));
    await mailWith(head.email, /^Your sign-in link/, 'the sign-in link');
    expect(await mailsTo('someone.else@example.org')).toEqual([]);
  }, 90_000);

  it('signs in from the mail, once', async () => {
    const { page } = focal;
    const mail = await mailWith(head.email, /^Your sign-in link/, 'the sign-in link');
    expect(mail.text).toContain('signs you in once, within 30 minutes');
    const signInPath = pathOf(mail.text!, /http:\/\/plenary\.example\.org\/portal\/sign-in\/[A-Za-z0-9_-]{43}/);
    await page.goto(signInPath);
    problems.push(...(await inspectScreen(page, 'portal-sign-in-link', 'Sign in to your delegation’s portal')));
    await Promise.all([page.waitForURL(/\?done=signed-in$/), page.getByRole('button', { name: 'Sign in' }).click()]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Pakistan');
    expect(await page.getByText('0 of 3').isVisible()).toBe(true);
    const cookie = (await focal.context.cookies()).find((candidate) => candidate.name === 'plenary_portal')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.path).toBe('/portal');
    // The link is used up: opening it again says so.
    const again = await focal.context.newPage();
    const response = await again.goto(signInPath);
    expect(response!.status()).toBe(410);
    expect(await again.getByRole('heading', { level: 1 }).textContent()).toBe('This link no longer works');
    problems.push(...(await inspectScreen(again, 'portal-link-invalid', 'This link no longer works')));
    await again.close();
  }, 90_000);

  it('nominates three members within the quota, and is refused a fourth with the quota message beside the form, the input kept', async () => {
    const { page } = focal;
    for (const [index, person] of nominees.entries()) {
      await fillNominee(page, person);
      await Promise.all([page.waitForURL(/\?done=nominated$/), page.getByRole('button', { name: 'Nominate' }).click()]);
      expect(await page.getByText(`${index + 1} of 3`).isVisible()).toBe(true);
      expect(await page.getByRole('cell', { name: new RegExp(`^${person.honorific} ${person.given} ${person.family} `) }).isVisible()).toBe(
        true,
      );
    }
    expect(await page.getByText('the quota is full').isVisible()).toBe(true);
    problems.push(...(await inspectScreen(page, 'portal', 'Pakistan')));
    await fillNominee(page, fourth);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Nominate' }).click(),
    ]);
    expect(response.status()).toBe(409);
    await page.waitForLoadState();
    expect(await page.getByRole('alert').filter({ hasText: 'quota' }).textContent()).toContain(
      'The delegation Pakistan has filled its quota of 3',
    );
    expect(await page.getByLabel(/^Given name/).inputValue()).toBe(fourth.given);
    expect(await page.getByLabel(/^Email/).inputValue()).toBe(fourth.email);
    expect(await page.getByText('3 of 3').isVisible()).toBe(true);
    problems.push(...(await inspectScreen(page, 'portal-quota-full', 'Pakistan')));
  }, 120_000);

  it('replaces a member in one step: the old one withdrawn, the new one in the place', async () => {
    const { page } = focal;
    await page.goto(portalPath);
    await page.getByRole('link', { name: 'Replace Ms Sana Malik' }).click();
    await page.waitForURL(/\/replace$/);
    problems.push(...(await inspectScreen(page, 'portal-replace', 'Replace Ms Sana Malik')));
    await fillNominee(page, replacement);
    await Promise.all([page.waitForURL(/\?done=replaced$/), page.getByRole('button', { name: 'Replace the member' }).click()]);
    expect(await page.getByText('3 of 3').isVisible()).toBe(true);
    expect(await page.getByRole('cell', { name: /^Ms Hina Rabbani / }).isVisible()).toBe(true);
    expect(await page.getByRole('cell', { name: /^Ms Sana Malik / }).count()).toBe(0);
  }, 90_000);

  it('submits the delegation; the nominees have their own links, and the focal point is mailed each step', async () => {
    const { page } = focal;
    await Promise.all([page.waitForURL(/\?done=submitted$/), page.getByRole('button', { name: 'Submit the delegation' }).click()]);
    expect(await page.getByText('Submitted, awaiting the secretariat').count()).toBe(3);
    expect(await page.locator('.delegation-head .status').textContent()).toBe('nominated');
    for (const person of [...nominees, replacement]) {
      const mail = await mailWith(person.email, /^You have been nominated to the delegation of Pakistan/, `${person.email}'s nomination`);
      expect(mail.text).toMatch(/http:\/\/plenary\.example\.org\/registrations\/manage\/[A-Za-z0-9_-]{43}/);
    }
    // The nominee's link is their manage page.
    const link = pathOf(
      (await mailWith(nominees[0].email, /^You have been nominated/, 'nomination')).text!,
      /http:\/\/plenary\.example\.org\/registrations\/manage\/[A-Za-z0-9_-]{43}/,
    );
    const own = await focal.context.newPage();
    await own.goto(link);
    expect(await own.getByLabel(/^Given name/).inputValue()).toBe('Ayesha');
    await own.close();
    await mailWith(head.email, /^The delegation of Pakistan was submitted/, 'the submission mail');
    await eventually(
      async () => (await mailsTo(head.email)).filter((m) => /^Nominated to the delegation/.test(m.subject ?? '')).length === 4,
      60_000,
      'four nomination notices',
    );
  }, 120_000);

  it('the secretariat returns one member with a reason (required, mailed to the focal point) and accredits the others', async () => {
    const { page } = console_;
    await page.goto(`/console/events/${event.id}/accreditation`);
    expect(await page.getByRole('link', { name: 'Accreditation' }).getAttribute('aria-current')).toBe('page');
    expect(await page.getByText('1 delegation(s) waiting').isVisible()).toBe(true);
    problems.push(...(await inspectScreen(page, 'accreditation', 'Accreditation')));
    // On a phone each member is a card that fits its region: nothing (a reason's label or field) runs past its edge.
    await page.setViewportSize({ width: 390, height: 844 });
    const sideways = await page
      .getByRole('region', { name: 'Pakistan' })
      .evaluateAll((regions) => regions.map((region) => region.scrollWidth - region.clientWidth));
    expect(sideways.length).toBeGreaterThan(0);
    expect(sideways.filter((overflow) => overflow > 0)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
    // Without a reason: refused beside the field.
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Return Mr Bilal Khan' }).click(),
    ]);
    expect(refused.status()).toBe(400);
    await page.waitForLoadState();
    expect(await page.getByText('Reason is required: say why, for the focal point').isVisible()).toBe(true);
    problems.push(...(await inspectScreen(page, 'accreditation-reason-required', 'Accreditation')));
    const reason = 'The function given does not match the note verbale: please confirm the post.';
    await page.getByLabel('Reason for returning Bilal Khan').fill(reason);
    await Promise.all([page.waitForURL(/\?done=returned$/), page.getByRole('button', { name: 'Return Mr Bilal Khan' }).click()]);
    const returned = await mailWith(head.email, /^Returned by the secretariat/, 'the return mail');
    expect(returned.text).toContain('Bilal Khan (bilal.khan@interior.gov.pk)');
    expect(returned.text).toContain(`The reason given: ${reason}`);
    await Promise.all([
      page.waitForURL(/\?done=accredited$/),
      page.getByRole('button', { name: 'Accredit all waiting members of Pakistan' }).click(),
    ]);
    expect(await page.locator('table .status-accredited').count()).toBe(2);
    expect(await page.locator('table .status-returned').count()).toBe(1);
    expect(await page.locator('.delegation-head .status').first().textContent()).toBe('accredited');
    const accredited = await mailWith(head.email, /^Accredited: the delegation of Pakistan/, 'the accreditation mail');
    expect(accredited.text).toContain('Ayesha Farooq');
    expect(accredited.text).toContain('Hina Rabbani');
    expect(accredited.text).not.toContain('Bilal Khan');
    problems.push(...(await inspectScreen(page, 'accreditation-decided', 'Accreditation')));
  }, 120_000);

  it('the focal point sees each member’s status and the reason; the delegation is accredited', async () => {
    const { page } = focal;
    await page.goto(portalPath);
    expect(await page.getByText('Accredited', { exact: true }).count()).toBe(2);
    expect(await page.getByText('Returned by the secretariat').isVisible()).toBe(true);
    expect(await page.getByText('Reason: The function given does not match the note verbale').isVisible()).toBe(true);
    expect(await page.locator('.delegation-head .status').textContent()).toBe('accredited');
    const delegations = expectStatus(await organiser.api.get(`/events/${event.id}/delegations`), 200, 'delegations');
    expect(delegations[0].status).toBe('accredited');
    problems.push(...(await inspectScreen(page, 'portal-decided', 'Pakistan')));
  }, 60_000);
});
