import type { Browser } from 'playwright-core';
import { LinkTokens } from '../../src/auth/link-tokens';
import { TEST_JWT_SECRET } from '../support/app';
import { accessibilityProblems } from '../support/axe';
import { launchBrowser } from '../support/browser';
import { createPublishedEvent, createUser, expectStatus, registrant, TestUser } from '../support/factories';
import { download, useLettersApp } from '../support/letters';
import { outputPath } from '../support/paths';
import { pdfQrCode, pdfReadingText, pdfToPng } from '../support/pdf';

const WIDTHS = [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
] as const;

/**
 * Issue 18, certificates of attendance: only for people who were checked in, from their manage page (a
 * link shown only then), with a reference and a QR code that opens the same verification page as letters.
 */
describe('Certificates of attendance', () => {
  const ctx = useLettersApp({ REGISTRATION_RATE_LIMIT: '0' });
  let browser: Browser;
  let organiser: TestUser;
  let event: { id: string };
  let attended: { id: string; token: string };
  let absent: { id: string; token: string };

  const certificate = (token: string) => download(`${ctx.app.url}/api/v1/registrations/manage/${token}/certificate.pdf`);

  beforeAll(async () => {
    browser = await launchBrowser();
    organiser = await createUser(ctx.app.api, 'organiser');
    event = await createPublishedEvent(organiser.api, {
      title: 'Regional Workshop on Border Management',
      startDate: '2026-03-02',
      endDate: '2026-03-04',
      city: 'Nairobi',
    });
    const delegation = expectStatus(
      await organiser.api.post(`/events/${event.id}/delegations`, {
        name: 'Republic of Kenya',
        kind: 'country',
        countryCode: 'KE',
        quota: 4,
      }),
      201,
      'delegation',
    );
    const person = async (fields: Record<string, unknown>) => {
      const id = expectStatus(await ctx.app.api.post(`/events/${event.id}/registrations`, registrant(fields)), 201, 'registration').id;
      return { id, token: new LinkTokens(TEST_JWT_SECRET).tokenFor('manage', id) };
    };
    attended = await person({ honorific: 'Dr', givenName: 'Grace', familyName: 'Wanjiru', delegationCode: delegation.code });
    absent = await person({ givenName: 'Tomas', familyName: 'Absent' });
    expectStatus(
      await organiser.api.put(`/events/${event.id}/letter-template`, {
        body: 'Dear {{fullName}}',
        signatoryName: 'Ms Achieng Otieno',
        signatoryTitle: 'Head of the Secretariat',
      }),
      200,
      'template',
    );
  });
  afterAll(() => browser?.close());

  it('refuses a certificate to someone not checked in (409), and their manage page offers none', async () => {
    const refused = await certificate(absent.token);
    expect(refused.status).toBe(409);
    expect(JSON.parse(refused.text).code).toBe('NOT_CHECKED_IN');
    const page = await browser.newPage();
    try {
      await page.goto(`${ctx.app.url}/registrations/manage/${absent.token}`);
      expect(await page.getByRole('heading', { name: 'Your registration' }).isVisible()).toBe(true);
      expect(await page.getByRole('link', { name: /certificate/i }).count()).toBe(0);
    } finally {
      await page.close();
    }
    const { rows } = await ctx.db.query(`SELECT count(*)::int AS n FROM document_reference`);
    expect(rows[0].n).toBe(0);
    expect((await certificate('a'.repeat(43))).status).toBe(404);
  });

  it('offers the certificate on the manage page once checked in; it names the person and the event, and its QR code verifies it', async () => {
    const { rows } = await ctx.db.query(`SELECT badge_code FROM registration WHERE id = $1`, [attended.id]);
    expectStatus(await organiser.api.post(`/events/${event.id}/check-ins`, { badgeCode: rows[0].badge_code }), 200, 'check-in');

    const page = await browser.newPage();
    let pdf: Buffer;
    try {
      await page.goto(`${ctx.app.url}/registrations/manage/${attended.token}`);
      const link = page.getByRole('link', { name: 'Download your certificate of attendance (PDF)' });
      expect(await link.isVisible()).toBe(true);
      for (const viewport of WIDTHS) {
        await page.setViewportSize(viewport);
        await page.screenshot({ path: outputPath('screenshots', 'letters', `manage-certificate-${viewport.width}.png`), fullPage: true });
        expect(await accessibilityProblems(page)).toEqual([]);
      }
      const downloaded = await download(new URL((await link.getAttribute('href'))!, ctx.app.url).toString());
      expect(downloaded.status).toBe(200);
      expect(downloaded.type).toBe('application/pdf');
      pdf = downloaded.body;
    } finally {
      await page.close();
    }
    pdfToPng(pdf, outputPath('letters', 'certificate.png'));
    const text = pdfReadingText(pdf);
    expect(text).toContain('Certificate of Attendance');
    expect(text).toContain('Dr Grace Wanjiru');
    expect(text).toContain('Republic of Kenya');
    expect(text).toContain('Regional Workshop on Border Management');
    expect(text).toContain('held in Nairobi, 2–4 March 2026');
    expect(text).toContain('Ms Achieng Otieno');
    const url = pdfQrCode(pdf);
    expect(url).toMatch(new RegExp(`^${ctx.app.url}/verify/NAI26(-[0-9A-HJKMNP-TV-Z]{4}){3}$`));
    const reference = url!.split('/').pop()!;
    expect(text).toContain(reference);
    // Downloaded again: the same reference.
    expect(pdfQrCode((await certificate(attended.token)).body)).toBe(url);

    const verify = await browser.newPage();
    try {
      expect((await verify.goto(url!))?.status()).toBe(200);
      expect((await verify.locator('.verification-status').textContent())?.trim()).toBe('✓ VALID');
      const main = await verify.locator('main').innerText();
      expect(main).toContain('Certificate of attendance');
      expect(main).toContain('Dr Grace Wanjiru');
      expect(main).not.toContain('Republic of Kenya');
    } finally {
      await verify.close();
    }
  });

  it('keeps a certificate valid when the person later cancels (only visa letters are revoked)', async () => {
    expectStatus(await ctx.app.api.post(`/registrations/manage/${attended.token}/cancel`), 200, 'cancel');
    const { rows } = await ctx.db.query(`SELECT kind, status FROM document_reference WHERE registration_id = $1`, [attended.id]);
    expect(rows).toEqual([{ kind: 'certificate', status: 'valid' }]);
  });
});
