import type { Browser, Page } from 'playwright-core';
import { LinkTokens } from '../../src/auth/link-tokens';
import { TEST_JWT_SECRET } from '../support/app';
import { accessibilityProblems } from '../support/axe';
import { launchBrowser } from '../support/browser';
import { createPublishedEvent, createUser, expectStatus, registrant, TestUser } from '../support/factories';
import { download, fileForm, letterheadBanner, pdfImageSizes, useLettersApp, zipEntries, zipEntry } from '../support/letters';
import { outputPath } from '../support/paths';
import { pdfQrCode, pdfReadingText, pdfToPng } from '../support/pdf';

const WIDTHS = [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
] as const;

const AMINA_PASSPORT = { number: 'PK7719304', issuingCountry: 'PK', expiry: '2031-05-14', dateOfBirth: '1979-03-02' };
const BILAL_PASSPORT = { number: 'KE0048215', issuingCountry: 'KE', expiry: '2029-11-30', dateOfBirth: '1985-08-21' };
const TEMPLATE = {
  body:
    'To the Embassy or Consulate concerned,\n\n' +
    'We are pleased to confirm that {{fullName}}, {{jobTitle}}, a national of {{nationality}}, holder of passport number ' +
    '{{passportNumber}}, is invited to the {{eventTitle}}, to be held in {{city}} on {{eventDates}}.\n\n' +
    '{{#if organisation}}{{fullName}} attends on behalf of {{organisation}}.{{/if}}',
  signatoryName: 'Amb. Farah Siddiqui',
  signatoryTitle: 'Director General (UN & Conferences), Ministry of Foreign Affairs',
};

/**
 * Issue 18, visa support letters and their verification, against the real server (with a PassportSource of
 * the test's, test/support/letters-server.ts), PostgreSQL and Chromium: the template, a letter with the
 * passport details, its QR code opening the verification page (valid, then revoked after a cancellation),
 * parallel issues, all letters as a ZIP, and revocation by the organisers.
 */
describe('Visa support letters and the verification page', () => {
  const ctx = useLettersApp({ REGISTRATION_RATE_LIMIT: '0' });
  let browser: Browser;
  let organiser: TestUser;
  let otherOrganiser: TestUser;
  let event: { id: string; slug: string; title: string };
  const people: Record<string, { id: string; email: string }> = {};
  let delegationCode: string;
  let aminaReference: string;
  let aminaVerifyUrl: string;

  const api = () => organiser.api;
  const manageToken = (id: string) => new LinkTokens(TEST_JWT_SECRET).tokenFor('manage', id);
  const letterPdf = (id: string, token = organiser.token) => download(`${ctx.app.url}/api/v1/registrations/${id}/visa-letter.pdf`, token);

  async function look(page: Page, name: string): Promise<string[]> {
    const problems: string[] = [];
    for (const viewport of WIDTHS) {
      await page.setViewportSize(viewport);
      await page.screenshot({ path: outputPath('screenshots', 'letters', `${name}-${viewport.width}.png`), fullPage: true });
      problems.push(...(await accessibilityProblems(page)).map((problem) => `${name} at ${viewport.width}: ${problem}`));
      const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      if (overflow > 0) problems.push(`${name} at ${viewport.width} scrolls sideways by ${overflow} px`);
    }
    return problems;
  }

  beforeAll(async () => {
    browser = await launchBrowser();
    organiser = await createUser(ctx.app.api, 'organiser', 'Secretariat Officer');
    otherOrganiser = await createUser(ctx.app.api, 'organiser', 'Another Organiser');
    event = await createPublishedEvent(organiser.api, {
      title: 'International Conference on Countering the Smuggling of Migrants',
      startDate: '2026-11-25',
      endDate: '2026-11-26',
      city: 'Islamabad',
      venue: 'Jinnah Convention Centre',
    });
    delegationCode = expectStatus(
      await api().post(`/events/${event.id}/delegations`, {
        name: 'Islamic Republic of Pakistan',
        kind: 'country',
        countryCode: 'PK',
        quota: 5,
      }),
      201,
      'delegation',
    ).code;
    const register = async (key: string, fields: Record<string, unknown>) => {
      const body = registrant(fields);
      people[key] = {
        id: expectStatus(await ctx.app.api.post(`/events/${event.id}/registrations`, body), 201, key).id,
        email: body.email as string,
      };
    };
    await register('amina', {
      honorific: 'Ms',
      givenName: 'Amina',
      familyName: 'Rahman',
      nationality: 'PK',
      jobTitle: 'Joint Secretary',
      organisation: 'Ministry of Interior',
      delegationCode,
    });
    await register('bilal', { givenName: 'Wanjiru', familyName: 'Kamau', nationality: 'KE', jobTitle: 'Director' });
    await register('chen', { givenName: 'Chen', familyName: 'Wei', nationality: 'CN' });
    ctx.setPassport(people.amina.id, AMINA_PASSPORT);
    ctx.setPassport(people.bilal.id, BILAL_PASSPORT);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('refuses a letter while the event has no template, and a template whose body does not render, naming the line', async () => {
    const missing = await api().post(`/registrations/${people.amina.id}/visa-letter`);
    expect(missing.status).toBe(409);
    expect(missing.body.code).toBe('LETTER_TEMPLATE_MISSING');
    const shown = expectStatus(await api().get(`/events/${event.id}/letter-template`), 200, 'template');
    expect(shown.saved).toBe(false);
    expect(shown.body).toContain('{{passportNumber}}');
    expect(shown.placeholders).toEqual(
      expect.arrayContaining(['fullName', 'passportNumber', 'nationality', 'eventTitle', 'eventDates', 'city']),
    );

    const broken = await api().put(`/events/${event.id}/letter-template`, {
      ...TEMPLATE,
      body: 'Dear {{fullName}},\n\nYour passport {{passport}}.',
    });
    expect(broken.status).toBe(400);
    expect(broken.body.code).toBe('LETTER_TEMPLATE_INVALID');
    expect(broken.body.details).toEqual([{ field: 'body', message: expect.stringContaining('line 3') }]);
    expect(broken.body.message).toContain('{{passport}} is not a placeholder');
    const unclosed = await api().put(`/events/${event.id}/letter-template`, { ...TEMPLATE, body: 'One\n{{#if city}}in {{city}}\nThree' });
    expect(unclosed.status).toBe(400);
    expect(unclosed.body.details[0].message).toMatch(/^line 2: .*never closed/);

    const saved = expectStatus(await api().put(`/events/${event.id}/letter-template`, TEMPLATE), 200, 'template');
    expect(saved).toMatchObject({ saved: true, signatoryName: TEMPLATE.signatoryName, letterheadFileId: null });
    const letterhead = expectStatus(
      await api().form(
        'PUT',
        `/events/${event.id}/letter-template/letterhead`,
        fileForm(letterheadBanner(), 'Letterhead MoFA.png', 'image/png'),
      ),
      200,
      'letterhead',
    );
    expect((await api().get(`/events/${event.id}/letter-template`)).body.letterheadFileId).toBe(letterhead.id);
    // Only the event's organisers.
    expect((await otherOrganiser.api.get(`/events/${event.id}/letter-template`)).status).toBe(403);
    expect((await otherOrganiser.api.put(`/events/${event.id}/letter-template`, TEMPLATE)).status).toBe(403);
  });

  it("issues a letter whose text holds the person's name, passport number and reference, with the letterhead and the QR code", async () => {
    const issued = expectStatus(await api().post(`/registrations/${people.amina.id}/visa-letter`), 200, 'letter');
    expect(issued).toMatchObject({ kind: 'visa_letter', status: 'valid', registrationId: people.amina.id, eventId: event.id });
    expect(issued.reference).toMatch(/^ISL26(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    aminaReference = issued.reference;
    aminaVerifyUrl = `${ctx.app.url}/verify/${aminaReference}`;
    expect(issued.verifyUrl).toBe(aminaVerifyUrl);

    const { status, type, body: pdf } = await letterPdf(people.amina.id);
    expect(status).toBe(200);
    expect(type).toBe('application/pdf');
    pdfToPng(pdf, outputPath('letters', 'visa-letter.png'));
    const text = pdfReadingText(pdf);
    expect(text).toContain('Ms Amina Rahman');
    expect(text).toContain('PK7719304');
    expect(text).toContain(aminaReference);
    expect(text).toContain(
      'holder of passport number PK7719304, is invited to the International Conference on Countering the Smuggling of Migrants',
    );
    expect(text).toContain('to be held in Islamabad on 25–26 November 2026');
    expect(text).toContain('Ms Amina Rahman attends on behalf of Ministry of Interior.');
    expect(text).toContain('Passport expiry');
    expect(text).toContain('14 May 2031');
    expect(text).toContain('Amb. Farah Siddiqui');
    // The letterhead (1200×160) and the QR code.
    expect(pdfImageSizes(pdf).map((image) => `${image.width}x${image.height}`)).toEqual(expect.arrayContaining(['1200x160']));
    expect(pdfQrCode(pdf)).toBe(aminaVerifyUrl);
    // The same letter again: the same reference.
    expect(pdfQrCode((await letterPdf(people.amina.id)).body)).toBe(aminaVerifyUrl);
  });

  it('gives one reference to ten parallel issues of the same letter', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, () => api().post(`/registrations/${people.bilal.id}/visa-letter`)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    expect(new Set(answers.map((answer) => answer.body.reference)).size).toBe(1);
    const { rows } = await ctx.db.query(`SELECT count(*)::int AS n FROM document_reference WHERE registration_id = $1`, [people.bilal.id]);
    expect(rows[0].n).toBe(1);
  });

  it("opens the QR code's page in a browser: VALID, the name, the event and its dates, and nothing more", async () => {
    const page = await browser.newPage();
    try {
      const response = await page.goto(aminaVerifyUrl);
      expect(response?.status()).toBe(200);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Document verification');
      expect((await page.locator('.verification-status').textContent())?.trim()).toBe('✓ VALID');
      const main = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
      expect(main).toContain('Visa support letter');
      expect(main).toContain('Ms Amina Rahman');
      expect(main).toContain('International Conference on Countering the Smuggling of Migrants');
      expect(main).toContain('25–26 November 2026');
      expect(main).toContain(aminaReference);
      const html = await page.content();
      for (const secret of [
        people.amina.email,
        'PK7719304',
        '1979',
        '2031',
        'Pakistan',
        'Ministry of Interior',
        'Joint Secretary',
        delegationCode,
        'Islamic Republic',
      ])
        expect(html).not.toContain(secret);
      expect(await look(page, 'verify-valid')).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('refuses a letter to someone without passport data, and to an organiser of another event', async () => {
    const refused = await api().post(`/registrations/${people.chen.id}/visa-letter`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('PASSPORT_DATA_MISSING');
    expect(refused.text).not.toContain('PK7719304');
    expect((await otherOrganiser.api.post(`/registrations/${people.amina.id}/visa-letter`)).status).toBe(403);
    expect((await letterPdf(people.amina.id, otherOrganiser.token)).status).toBe(403);
    expect((await download(`${ctx.app.url}/api/v1/events/${event.id}/letters.zip`, otherOrganiser.token)).status).toBe(403);
  });

  it('downloads all letters as one ZIP: one PDF for each person with passport data, each with their own passport number', async () => {
    const { status, type, body } = await download(`${ctx.app.url}/api/v1/events/${event.id}/letters.zip`, organiser.token);
    expect(status).toBe(200);
    expect(type).toBe('application/zip');
    const names = zipEntries(body);
    expect(names).toHaveLength(2);
    expect(names[0]).toMatch(/^0001-Kamau-ISL26-.+\.pdf$/);
    expect(names[1]).toBe(`0002-Rahman-${aminaReference}.pdf`);
    const kamau = pdfReadingText(zipEntry(body, names[0]));
    expect(kamau).toContain('Wanjiru Kamau');
    expect(kamau).toContain('KE0048215');
    expect(kamau).not.toContain('PK7719304');
    expect(pdfReadingText(zipEntry(body, names[1]))).toContain('PK7719304');
  });

  it('revokes the letter when the registration is cancelled: the page then says REVOKED, and no new letter is issued', async () => {
    expectStatus(await ctx.app.api.post(`/registrations/manage/${manageToken(people.amina.id)}/cancel`), 200, 'cancel');
    const { rows } = await ctx.db.query(`SELECT status, revoked_reason FROM document_reference WHERE reference = $1`, [aminaReference]);
    expect(rows).toEqual([{ status: 'revoked', revoked_reason: 'registration cancelled' }]);
    const page = await browser.newPage();
    try {
      expect((await page.goto(aminaVerifyUrl))?.status()).toBe(200);
      expect((await page.locator('.verification-status').textContent())?.trim()).toBe('✗ REVOKED');
      expect(await page.locator('.verification-explanation').textContent()).toContain('no longer valid');
      expect(await look(page, 'verify-revoked')).toEqual([]);
    } finally {
      await page.close();
    }
    const again = await api().post(`/registrations/${people.amina.id}/visa-letter`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('NOT_CONFIRMED');
    // The ZIP now holds the one confirmed person's letter.
    expect(zipEntries((await download(`${ctx.app.url}/api/v1/events/${event.id}/letters.zip`, organiser.token)).body)).toHaveLength(1);
  });

  it("lets the event's organisers revoke a letter with a reason, once; a letter issued again has a new reference", async () => {
    const reference = expectStatus(await api().post(`/registrations/${people.bilal.id}/visa-letter`), 200, 'letter').reference;
    expect((await ctx.app.api.post(`/document-references/${reference}/revoke`, { reason: 'Misspelt name' })).status).toBe(401);
    expect((await otherOrganiser.api.post(`/document-references/${reference}/revoke`, { reason: 'Misspelt name' })).status).toBe(403);
    const empty = await api().post(`/document-references/${reference}/revoke`, { reason: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.body.details[0].field).toBe('reason');
    const revoked = expectStatus(
      await api().post(`/document-references/${reference.toLowerCase()}/revoke`, { reason: 'Misspelt name' }),
      200,
      'revoke',
    );
    expect(revoked).toMatchObject({ reference, status: 'revoked', revokedReason: 'Misspelt name' });
    const twice = await api().post(`/document-references/${reference}/revoke`, { reason: 'Again' });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('DOCUMENT_ALREADY_REVOKED');
    const page = await fetch(`${ctx.app.url}/verify/${reference}`);
    expect(await page.text()).toContain('REVOKED');
    const renewed = expectStatus(await api().post(`/registrations/${people.bilal.id}/visa-letter`), 200, 'new letter');
    expect(renewed.reference).not.toBe(reference);
    expect(renewed.status).toBe('valid');
    expect((await api().post(`/document-references/ISL26-0000-0000-0000/revoke`, { reason: 'x' })).status).toBe(404);
  });

  it('answers 404 with a page for an unknown or malformed reference', async () => {
    const page = await browser.newPage();
    try {
      const response = await page.goto(`${ctx.app.url}/verify/ISL26-7KQ4-M9XD-2HCT`);
      expect(response?.status()).toBe(404);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Document not found');
      expect(await page.locator('main').innerText()).not.toMatch(/VALID|REVOKED/);
      expect(await look(page, 'verify-unknown')).toEqual([]);
    } finally {
      await page.close();
    }
    for (const malformed of ['nonsense', '%3Cscript%3Ealert(1)%3C%2Fscript%3E', 'x'.repeat(60)]) {
      const response = await fetch(`${ctx.app.url}/verify/${malformed}`);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('<script>alert');
    }
  });
});
