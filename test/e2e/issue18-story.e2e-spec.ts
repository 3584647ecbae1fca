import { randomBytes } from 'node:crypto';
import PDFDocument from 'pdfkit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { pdfImages } from '../support/badges';
import { launchBrowser } from '../support/browser';
import { inspectScreen, signedIn } from '../support/console';
import { useApp } from '../support/context';
import { createUser, TestUser, unique } from '../support/factories';
import { photo } from '../support/files';
import { eventually } from '../support/mailings';
import { outputPath } from '../support/paths';
import { fillNominee } from '../support/portal';
import { pdfQrCode, pdfText, pdfToPng } from '../support/pdf';
import { freePort } from '../support/processes';
import { attachmentOf, SinkMessage, useSmtpSink } from '../support/smtp';

const PASSWORD = 'correct horse battery staple';
const PASSPORT_NUMBER = 'PK7731904';

/** A one-page note verbale, as a ministry's scanner would not make it but any PDF reader opens it. */
function noteVerbale(): Promise<Buffer> {
  const document = new PDFDocument({ size: 'A4' });
  const chunks: Buffer[] = [];
  document.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => document.on('end', () => resolve(Buffer.concat(chunks))));
  document.fontSize(12).text('Ministry of Foreign Affairs, Islamabad', { align: 'right' });
  document.moveDown().text('No. UN-II/2031/417');
  document
    .moveDown()
    .text(
      'The Ministry of Foreign Affairs of the Islamic Republic of Pakistan presents its compliments to the Secretariat and has the honour ' +
        'to communicate the composition of the delegation of Pakistan: H.E. Ms Ayesha Farooq, Mr Bilal Khan and Ms Sana Malik.',
    );
  document.end();
  return done;
}

/**
 * Issue 18's bar, item 1, as one story in a real Chromium against the real server (DATA_ENCRYPTION_KEY set),
 * PostgreSQL and an SMTP sink: an organiser creates the Islamabad conference in the console, asking for photos
 * and passport data, with a delegation of Pakistan (quota 3) and its focal point, and a letter template. The
 * focal point signs in from the mail, nominates 3 members, is refused a 4th, and uploads a note verbale. One
 * nominee completes their passport data and photo from their own mail. The focal point submits. The secretariat
 * returns one member with a reason (mailed), then accredits the others. The accredited nominee's badge holds
 * their photo; their visa letter arrives as a PDF attachment with their passport number; its QR code opens the
 * verification page, which says valid, and revoked once the nominee cancels.
 */
describe('Issue 18, the story: from the Islamabad conference’s creation to a revoked visa letter', () => {
  const env: Record<string, string> = {
    REGISTRATION_RATE_LIMIT: '0',
    LOGIN_RATE_LIMIT: '0',
    MAIL_POLL_INTERVAL_MS: '500',
    DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  };
  // The server's own address is its PUBLIC_URL, so the links in mails and the letter's QR code open in the test's browser.
  beforeAll(async () => {
    const port = await freePort();
    env.PORT = String(port);
    env.PUBLIC_URL = `http://127.0.0.1:${port}`;
  });
  const smtp = useSmtpSink(env);
  const ctx = useApp(env);
  let browser: Browser;
  let organiser: TestUser;
  let secretariat: { context: BrowserContext; page: Page };
  let focal: { context: BrowserContext; page: Page };
  let nomineePage: Page;
  let eventId: string;
  let portalUrl: string;
  let manageUrl: string;
  let verifyUrl: string;
  const title = 'Islamabad Conference on Countering the Smuggling of Migrants';
  const head = { email: 'focal.point@mofa.gov.pk', given: 'Imran', family: 'Qureshi' };
  const nominees = [
    {
      honorific: 'H.E. Ms',
      given: 'Ayesha',
      family: 'Farooq',
      email: 'ayesha.farooq@mofa.gov.pk',
      job: 'Ambassador',
      category: 'delegate',
    },
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
  const [traveller, returned] = nominees;
  const reason = 'The function given does not match the note verbale: please confirm the post.';
  const problems: string[] = [];

  const mailsTo = async (email: string) => (await smtp.sink.messages()).filter((message) => message.envelopeTo.includes(email));
  const mailWith = (email: string, subject: RegExp, what: string, also: (message: SinkMessage) => boolean = () => true) =>
    eventually(async () => (await mailsTo(email)).find((message) => subject.test(message.subject ?? '') && also(message)), 90_000, what);
  const linkIn = (text: string, path: RegExp) => new RegExp(`${env.PUBLIC_URL.replace(/[.]/g, '\\.')}${path.source}`).exec(text)![0];

  beforeAll(async () => {
    browser = await launchBrowser();
    organiser = await createUser(ctx.app.api, 'organiser', 'Secretariat Officer');
    secretariat = await signedIn(browser, ctx.app.url, { email: organiser.email, password: PASSWORD });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    focal = { context, page: await context.newPage() };
    nomineePage = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    for (const page of [secretariat.page, focal.page, nomineePage]) page.setDefaultTimeout(30_000);
  }, 120_000);
  afterAll(async () => {
    await secretariat?.context.close();
    await focal?.context.close();
    await nomineePage?.context().close();
    await browser?.close();
  });

  it('the organiser creates the event, asks for photos and passport data, publishes it, writes the letter template and adds Pakistan with its focal point', async () => {
    const { page } = secretariat;
    const tab = (name: string) => page.getByRole('navigation', { name: 'Event' }).getByRole('link', { name, exact: true });
    await page.getByRole('link', { name: 'Create event' }).click();
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Address (slug)').fill(unique('islamabad-conference'));
    await page.getByLabel('First day').fill('2031-11-26');
    await page.getByLabel('Last day').fill('2031-11-27');
    await page.getByLabel('Time zone').fill('Asia/Karachi');
    await page.getByLabel('Venue').fill('Jinnah Convention Centre');
    await page.getByLabel('City').fill('Islamabad');
    await page.getByLabel('Country').selectOption({ label: 'Pakistan' });
    await page.getByLabel('By invitation only').check();
    await Promise.all([page.waitForURL(/\/settings\?done=created$/), page.getByRole('button', { name: 'Create event' }).click()]);
    eventId = /events\/([0-9a-f-]{36})\/settings/.exec(page.url())![1];

    await page.getByLabel('Ask registrants for a photo').check();
    await page.getByLabel('Ask registrants for passport data (kept encrypted)').check();
    await Promise.all([page.waitForURL(/\/settings\?done=saved$/), page.getByRole('button', { name: 'Save changes' }).click()]);
    expect(await page.getByLabel('Ask registrants for a photo').isChecked()).toBe(true);
    expect(await page.getByLabel('Ask registrants for passport data (kept encrypted)').isChecked()).toBe(true);
    await page.getByRole('link', { name: 'Publish event' }).click();
    await Promise.all([page.waitForURL(/\?done=published$/), page.getByRole('button', { name: 'Publish event' }).click()]);
    expect(await page.getByRole('status').first().textContent()).toContain('Event published');

    await tab('Letters').click();
    await page
      .getByRole('textbox', { name: 'Body', exact: true })
      .fill(
        'To the Embassy or Consulate concerned,\n\nWe are pleased to confirm that {{fullName}}, holder of passport number {{passportNumber}}, ' +
          'is accredited to attend the {{eventTitle}}, to be held in {{city}} on {{eventDates}}.',
      );
    await page.getByLabel("Signatory's name").fill('Amb. Farah Siddiqui');
    await page.getByLabel("Signatory's title").fill('Director General, United Nations');
    await Promise.all([page.waitForURL(/\/letters\?done=saved$/), page.getByRole('button', { name: 'Save template' }).click()]);
    expect(await page.getByText('Letter template saved').isVisible()).toBe(true);

    await tab('Delegations').click();
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
    const invitation = await mailWith(head.email, /^Invitation to the delegation of Pakistan/, 'the focal point’s invitation');
    portalUrl = linkIn(invitation.text!, /\/portal\/delegations\/[0-9a-f-]{36}/);
  }, 180_000);

  it('the focal point signs in from the mail', async () => {
    const { page } = focal;
    await page.goto(portalUrl);
    problems.push(...(await inspectScreen(page, 'issue18-story-portal-sign-in', 'Sign in to your delegation’s portal')));
    await page.getByLabel('Your email').fill(head.email);
    await Promise.all([page.waitForURL(/\?sent=1$/), page.getByRole('button', { name: 'Mail me a sign-in link' }).click()]);
    const mail = await mailWith(head.email, /^Your sign-in link/, 'the sign-in link');
    await page.goto(linkIn(mail.text!, /\/portal\/sign-in\/[A-Za-z0-9_-]{43}/));
    await Promise.all([page.waitForURL(/\?done=signed-in$/), page.getByRole('button', { name: 'Sign in' }).click()]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Pakistan');
    expect(await page.getByText('0 of 3').isVisible()).toBe(true);
    problems.push(...(await inspectScreen(page, 'issue18-story-portal', 'Pakistan')));
  }, 120_000);

  it('nominates three members, is refused a fourth with the quota message, and uploads the note verbale', async () => {
    const { page } = focal;
    for (const [index, person] of nominees.entries()) {
      await fillNominee(page, person);
      await Promise.all([page.waitForURL(/\?done=nominated$/), page.getByRole('button', { name: 'Nominate' }).click()]);
      expect(await page.getByText(`${index + 1} of 3`).isVisible()).toBe(true);
    }
    await fillNominee(page, fourth);
    const [refused] = await Promise.all([
      page.waitForResponse((response) => response.request().method() === 'POST'),
      page.getByRole('button', { name: 'Nominate' }).click(),
    ]);
    expect(refused.status()).toBe(409);
    await page.waitForLoadState();
    expect(await page.getByRole('alert').filter({ hasText: 'quota' }).textContent()).toContain(
      'The delegation Pakistan has filled its quota of 3',
    );
    expect(await page.getByLabel(/^Email/).inputValue()).toBe(fourth.email);
    expect(await page.getByText('3 of 3').isVisible()).toBe(true);
    expect(await page.getByRole('cell', { name: /Tariq Aziz/ }).count()).toBe(0);
    problems.push(...(await inspectScreen(page, 'issue18-story-portal-quota-full', 'Pakistan')));

    await page.goto(portalUrl);
    await page.getByLabel('Credentials letter (PDF)').setInputFiles({
      name: 'note-verbale-pakistan.pdf',
      mimeType: 'application/pdf',
      buffer: await noteVerbale(),
    });
    await Promise.all([page.waitForURL(/\?done=credentials$/), page.getByRole('button', { name: 'Upload the letter' }).click()]);
    expect(await page.getByRole('link', { name: 'note-verbale-pakistan.pdf' }).isVisible()).toBe(true);
    problems.push(...(await inspectScreen(page, 'issue18-story-portal-note-verbale', 'Pakistan')));
  }, 180_000);

  it('one nominee opens their own mail and gives their passport data, asking for a visa letter, and their photo', async () => {
    const page = nomineePage;
    const mail = await mailWith(traveller.email, /^You have been nominated to the delegation of Pakistan/, 'the nomination mail');
    manageUrl = linkIn(mail.text!, /\/registrations\/manage\/[A-Za-z0-9_-]{43}/);
    await page.goto(manageUrl);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your registration');
    // No badge until the secretariat accredits.
    expect(await page.getByRole('link', { name: 'Download your badge (PDF)' }).count()).toBe(0);

    const identity = page.getByRole('region', { name: 'Passport or ID document' });
    await identity.getByLabel('Passport or ID number').fill(PASSPORT_NUMBER);
    await identity.getByLabel('Issuing country').selectOption({ label: 'Pakistan' });
    await identity.getByLabel('Expiry date').fill('2034-05-20');
    await identity.getByLabel('Date of birth').fill('1969-08-14');
    await identity.getByLabel('I need a visa letter').check();
    await Promise.all([page.waitForURL(/identity=saved/), identity.getByRole('button', { name: 'Save my passport data' }).click()]);
    expect(await identity.getByRole('status').textContent()).toContain('Your passport data has been saved');
    expect(await identity.locator('.masked-number').textContent()).toBe('•••• 1904');
    expect(await identity.getByText('Requested', { exact: true }).isVisible()).toBe(true);

    const photoBlock = page.getByRole('region', { name: 'Your photo' });
    await photoBlock.getByLabel('Photo', { exact: true }).setInputFiles({
      name: 'ayesha-farooq.jpg',
      mimeType: 'image/jpeg',
      buffer: await photo('jpeg', 900, 1200),
    });
    await Promise.all([page.waitForURL(/\?photo=saved$/), photoBlock.getByRole('button', { name: 'Upload my photo' }).click()]);
    expect(await photoBlock.getByRole('img', { name: 'Your photo as it will be printed on your badge' }).isVisible()).toBe(true);
    problems.push(...(await inspectScreen(page, 'issue18-story-manage', 'Your registration')));
  }, 120_000);

  it('the focal point submits the delegation and is mailed', async () => {
    const { page } = focal;
    await page.goto(portalUrl);
    await Promise.all([page.waitForURL(/\?done=submitted$/), page.getByRole('button', { name: 'Submit the delegation' }).click()]);
    expect(await page.getByText('Submitted, awaiting the secretariat').count()).toBe(3);
    await mailWith(head.email, /^The delegation of Pakistan was submitted/, 'the submission mail');
    problems.push(...(await inspectScreen(page, 'issue18-story-portal-submitted', 'Pakistan')));
  }, 120_000);

  it('the secretariat returns one member with a reason, mailed to the focal point, and accredits the others', async () => {
    const { page } = secretariat;
    await page.goto(`/console/events/${eventId}`);
    await page.getByRole('navigation', { name: 'Event' }).getByRole('link', { name: 'Accreditation', exact: true }).click();
    expect(await page.getByText('1 delegation(s) waiting').isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'note-verbale-pakistan.pdf' }).isVisible()).toBe(true);
    problems.push(...(await inspectScreen(page, 'issue18-story-review', 'Accreditation')));

    const returnedName = `${returned.given} ${returned.family}`;
    await page.getByLabel(`Reason for returning ${returnedName}`).fill(reason);
    await Promise.all([
      page.waitForURL(/\?done=returned$/),
      page.getByRole('button', { name: `Return ${returned.honorific} ${returnedName}` }).click(),
    ]);
    const mail = await mailWith(head.email, /^Returned by the secretariat/, 'the return mail');
    expect(mail.text).toContain(`${returnedName} (${returned.email})`);
    expect(mail.text).toContain(`The reason given: ${reason}`);

    await Promise.all([
      page.waitForURL(/\?done=accredited$/),
      page.getByRole('button', { name: 'Accredit all waiting members of Pakistan' }).click(),
    ]);
    expect(await page.locator('table .status-accredited').count()).toBe(2);
    expect(await page.locator('table .status-returned').count()).toBe(1);
    const accredited = await mailWith(head.email, /^Accredited: the delegation of Pakistan/, 'the accreditation mail');
    expect(accredited.text).toContain(`${traveller.given} ${traveller.family}`);
    expect(accredited.text).not.toContain(returnedName);
    problems.push(...(await inspectScreen(page, 'issue18-story-review-decided', 'Accreditation')));
  }, 120_000);

  it('the accredited nominee’s badge, downloaded from the console, holds their photo', async () => {
    const { page } = secretariat;
    await page.getByRole('navigation', { name: 'Event' }).getByRole('link', { name: 'Registrations', exact: true }).click();
    await page.getByRole('link', { name: new RegExp(`${traveller.given} ${traveller.family}`) }).click();
    await page.waitForURL(/\/registrations\/[0-9a-f-]{36}$/);
    const href = await page.getByRole('link', { name: 'Download badge' }).getAttribute('href');
    const response = await secretariat.context.request.get(new URL(href!, page.url()).href);
    expect([response.status(), response.headers()['content-type']]).toEqual([200, 'application/pdf']);
    const badge = await response.body();
    pdfToPng(badge, outputPath('screenshots', 'console', 'issue18-story-badge.png'));
    const images = pdfImages(badge);
    expect(images).toHaveLength(1);
    expect(images[0]).toMatchObject({ page: 1, type: 'image', encoding: 'jpeg' });
    expect(images[0].height / images[0].width).toBeCloseTo(4 / 3, 2);
  }, 120_000);

  it('the visa letter arrives at the SMTP sink as a PDF attachment with the passport number', async () => {
    const mail = await mailWith(traveller.email, /visa/i, 'the visa letter', (message) => (message.attachments ?? []).length > 0);
    expect(mail.attachments!.filter((attachment) => attachment.contentType === 'application/pdf')).toHaveLength(1);
    const attachment = attachmentOf(mail, /^visa-letter-.*\.pdf$/);
    expect(attachment?.contentType).toBe('application/pdf');
    const letter = attachment!.content;
    pdfToPng(letter, outputPath('screenshots', 'console', 'issue18-story-visa-letter.png'));
    const text = pdfText(letter);
    expect(text).toContain(PASSPORT_NUMBER);
    expect(text).toContain(`${traveller.honorific} ${traveller.given} ${traveller.family}`);
    const code = pdfQrCode(letter);
    expect(code).toMatch(new RegExp(`^${env.PUBLIC_URL.replace(/[.]/g, '\\.')}/verify/`));
    verifyUrl = code!;
    // Nobody else asked for a letter: the returned member and the other accredited one are sent none.
    for (const other of nominees.slice(1)) expect((await mailsTo(other.email)).filter((m) => /visa/i.test(m.subject ?? ''))).toEqual([]);
  }, 120_000);

  it('the letter’s QR code opens the verification page, which says valid; after the nominee cancels, revoked', async () => {
    const page = nomineePage;
    const verifier = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    verifier.setDefaultTimeout(30_000);
    try {
      await verifier.goto(verifyUrl);
      expect(await verifier.getByRole('heading', { level: 1 }).textContent()).toBe('Document verification');
      const status = verifier.locator('#verification-status');
      expect(await status.textContent()).toContain('VALID');
      expect(await verifier.getByText('This document was issued by the organisers and is valid.').isVisible()).toBe(true);
      expect(await verifier.getByText(`${traveller.honorific} ${traveller.given} ${traveller.family}`).isVisible()).toBe(true);
      problems.push(...(await inspectScreen(verifier, 'issue18-story-verify-valid', 'Document verification')));

      await page.goto(manageUrl);
      expect(await page.getByRole('link', { name: 'Download your badge (PDF)' }).isVisible()).toBe(true);
      await page.getByRole('link', { name: 'Cancel my registration' }).click();
      await page.waitForURL(/\/cancel$/);
      const [cancelled] = await Promise.all([
        page.waitForResponse((response) => response.request().method() === 'POST'),
        page.getByRole('button', { name: 'Yes, cancel my registration' }).click(),
      ]);
      expect(cancelled.status()).toBe(200);
      await page.waitForLoadState();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Registration cancelled');
      await page.goto(manageUrl);
      expect(await page.locator('.reg-status').textContent()).toBe('cancelled');

      await verifier.reload();
      expect(await status.textContent()).toContain('REVOKED');
      expect(await verifier.getByText('This document was revoked by the organisers: it is no longer valid.').isVisible()).toBe(true);
      problems.push(...(await inspectScreen(verifier, 'issue18-story-verify-revoked', 'Document verification')));
    } finally {
      await verifier.context().close();
    }
  }, 120_000);

  it('has no accessibility problem and no sideways scrolling on the pages visited', () => {
    expect(problems).toEqual([]);
  });
});
