import sharp from 'sharp';
import type { Browser } from 'playwright-core';
import { CATEGORY_BANDS, renderBadge } from '../../src/registrations/badge-layout';
import { pdfImages, sheetQrCodes } from '../support/badges';
import { launchBrowser } from '../support/browser';
import { inspectScreen, signedIn } from '../support/console';
import { useApp } from '../support/context';
import { createPublishedEvent, createUser, expectStatus, registrant, TestUser } from '../support/factories';
import { download } from '../support/outcomes';
import { outputPath } from '../support/paths';
import { pdfPageCount, pdfPagePixels, pdfReadingText, pdfToPng } from '../support/pdf';

const PASSWORD = 'correct horse battery staple';
const EVENT = { title: 'International Conference on Countering the Smuggling of Migrants', city: 'Islamabad' };

/** A portrait photo as the files feature stores one (a JPEG), made here: a face on a blue background. */
async function portrait(width: number, height: number): Promise<Buffer> {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<rect width="100%" height="100%" fill="#8fb3d9"/><circle cx="50%" cy="38%" r="22%" fill="#d9a57a"/>` +
    `<ellipse cx="50%" cy="100%" rx="40%" ry="35%" fill="#34495e"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

const hex = (colour: string) => [1, 3, 5].map((at) => parseInt(colour.slice(at, at + 2), 16));

/**
 * Issue 18, badges with the photo and batch printing: the A6 badge's colour band names the category in
 * words, with the function, the delegation and the photo in its box (none drawn without a photo); the A4
 * sheet of a filtered set, four to a page, each QR code readable; the console's "Print badges (A4)".
 */
describe('Badges with the photo, and badges printed four to an A4 page', () => {
  const ctx = useApp({ REGISTRATION_RATE_LIMIT: '0', LOGIN_RATE_LIMIT: '0', MAIL_WORKER_CONCURRENCY: '0' });
  let organiser: TestUser;
  let browser: Browser;
  let event: { id: string; slug: string };
  let pakistan: { id: string; code: string };
  let kenya: { id: string; code: string };
  /** Pakistan's ten confirmed members, in the order they registered. */
  const members: { id: string; name: string; category: string }[] = [];
  /** People who must not be on Pakistan's sheet: Kenya's members, and a Pakistani whose registration is pending. */
  const others: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    organiser = await createUser(ctx.app.api, 'organiser', 'Sana Mir');
    event = await createPublishedEvent(organiser.api, { ...EVENT, approvalRequired: true, capacity: 100 });
    const delegation = async (name: string, countryCode: string) =>
      expectStatus(
        await organiser.api.post(`/events/${event.id}/delegations`, { name, kind: 'country', countryCode, quota: 20 }),
        201,
        name,
      );
    pakistan = await delegation('Islamic Republic of Pakistan', 'PK');
    kenya = await delegation('Republic of Kenya', 'KE');
    const register = async (fields: Record<string, unknown>) =>
      expectStatus(await ctx.app.api.post(`/events/${event.id}/registrations`, registrant(fields)), 201, 'registering');
    const categories = ['delegate', 'delegate', 'observer', 'media', 'staff', 'security', 'speaker', 'delegate', 'delegate', 'observer'];
    const approved: string[] = [];
    for (const [index, category] of categories.entries()) {
      const familyName = `Qureshi${String.fromCharCode(65 + index)}`;
      const created = await register({
        givenName: 'Ayesha',
        familyName,
        jobTitle: `Deputy Director ${index + 1}`,
        category,
        delegationCode: pakistan.code,
      });
      members.push({ id: created.id, name: `Ayesha ${familyName}`, category });
      approved.push(created.id);
    }
    for (const familyName of ['OtienoA', 'OtienoB']) {
      const created = await register({ givenName: 'Wanjiru', familyName, delegationCode: kenya.code });
      approved.push(created.id);
      others.push(`Wanjiru ${familyName}`);
    }
    await register({ givenName: 'Pending', familyName: 'Person', delegationCode: pakistan.code });
    others.push('Pending Person');
    const outcome = expectStatus(
      await organiser.api.post(`/events/${event.id}/registrations/approve`, { ids: approved }),
      200,
      'approving',
    );
    expect(outcome.approved).toHaveLength(approved.length);
  });
  afterAll(() => browser?.close());

  const badgeCodes = async (ids: string[]) => {
    const { rows } = await ctx.db.query<{ id: string; badge_code: string }>('SELECT id, badge_code FROM registration WHERE id = ANY($1)', [
      ids,
    ]);
    const byId = new Map(rows.map((row) => [row.id, row.badge_code]));
    return ids.map((id) => byId.get(id)!);
  };

  it('prints the photo in its box, with the name, delegation, function and the category in words on its colour band', async () => {
    const photo = await portrait(300, 375);
    const data = {
      registration: {
        status: 'confirmed' as const,
        accreditationStatus: 'accredited' as const,
        honorific: 'H.E. Ms',
        givenName: 'Ayesha',
        familyName: 'Siddiqa',
        jobTitle: 'Director General, Ministry of Interior',
        organisation: 'Ministry of Interior',
        category: 'security' as const,
        badgeCode: 'ABCDEFGH2345JKLM',
      },
      event: { ...EVENT, startDate: '2025-11-26', endDate: '2025-11-27' },
      delegationName: 'Islamic Republic of Pakistan',
    };
    const withPhoto = await renderBadge({ ...data, photo });
    pdfToPng(withPhoto, outputPath('badges', 'issue18-badge-photo.png'));
    // The photo is the badge's one image, at the size it was stored (the QR code is drawn, not an image).
    expect(pdfImages(withPhoto)).toEqual([{ page: 1, type: 'image', width: 300, height: 375, encoding: 'jpeg' }]);
    const text = pdfReadingText(withPhoto);
    for (const shown of ['H.E. Ms Ayesha Siddiqa', 'Islamic Republic of Pakistan', 'Director General, Ministry of Interior', 'SECURITY'])
      expect(text).toContain(shown);

    const withoutPhoto = await renderBadge({ ...data, photo: null });
    pdfToPng(withoutPhoto, outputPath('badges', 'issue18-badge-no-photo.png'));
    expect(pdfImages(withoutPhoto)).toEqual([]);
    expect(pdfReadingText(withoutPhoto)).toContain('H.E. Ms Ayesha Siddiqa');
    // No empty frame where the photo would be: the longest dark run down the frame's left edge is a line of text, not a box.
    const edgeRun = (pdf: Buffer) => {
      const pixels = pdfPagePixels(pdf, 72);
      const column = Math.ceil((297.64 - 76) / 2);
      let longest = 0;
      let run = 0;
      for (let y = 40; y < 260; y++) {
        run = pixels.data[(y * pixels.width + column) * 4] < 240 ? run + 1 : 0;
        longest = Math.max(longest, run);
      }
      return longest;
    };
    expect(edgeRun(withPhoto)).toBeGreaterThanOrEqual(90);
    expect(edgeRun(withoutPhoto)).toBeLessThan(30);
    // Something that is not an image prints the badge without a photo rather than failing it.
    expect(pdfImages(await renderBadge({ ...data, photo: Buffer.from('%PDF-1.4 not a photo') }))).toEqual([]);

    // The band is the category's colour, edge to edge.
    const band = pdfPagePixels(withPhoto, 72);
    const at = (x: number, y: number) => [...band.data.subarray((y * band.width + x) * 4, (y * band.width + x) * 4 + 3)];
    const red = hex(CATEGORY_BANDS.security.background);
    for (const x of [2, 150, 295]) at(x, 3).forEach((channel, index) => expect(Math.abs(channel - red[index])).toBeLessThanOrEqual(2));
  });

  it("serves a member's badge with the function, the delegation and the category's word, and no photo image while none is stored", async () => {
    const security = members.find((member) => member.category === 'security')!;
    const badge = await download(ctx.app.api.baseUrl, `/registrations/${security.id}/badge.pdf`, organiser.token);
    expect([badge.status, badge.type]).toEqual([200, 'application/pdf']);
    const text = pdfReadingText(badge.body);
    for (const shown of [security.name, 'Islamic Republic of Pakistan', 'Deputy Director 6', 'SECURITY', '26–27 November 2025'])
      expect(text).toContain(shown);
    expect(pdfImages(badge.body)).toEqual([]);
    pdfToPng(badge.body, outputPath('badges', 'issue18-badge-served.png'));
  });

  it("prints a delegation's ten confirmed members on three A4 pages, exactly their names, and every QR code reads as its badge code", async () => {
    const sheet = await download(ctx.app.api.baseUrl, `/events/${event.id}/badges.pdf?delegationId=${pakistan.id}`, organiser.token);
    expect([sheet.status, sheet.type]).toEqual([200, 'application/pdf']);
    expect(pdfPageCount(sheet.body)).toBe(3);
    pdfToPng(sheet.body, outputPath('badges', 'issue18-sheet-page-1.png'));
    const text = pdfReadingText(sheet.body);
    for (const member of members) expect(text).toContain(member.name);
    for (const name of others) expect(text).not.toContain(name);
    expect(text.match(/Ayesha Qureshi[A-J]/g)).toEqual(members.map((member) => member.name));
    for (const word of ['DELEGATE', 'OBSERVER', 'MEDIA', 'STAFF', 'SECURITY', 'SPEAKER']) expect(text).toContain(word);
    // Four badges to a page, in the order the list shows them (oldest first); two empty places on the last page.
    expect(sheetQrCodes(sheet.body)).toEqual([...(await badgeCodes(members.map((member) => member.id))), null, null]);

    // A badge read off the sheet checks its person in.
    const [first] = sheetQrCodes(sheet.body);
    const checkedIn = expectStatus(await organiser.api.post(`/events/${event.id}/check-ins`, { badgeCode: first }), 200, 'check-in');
    expect(checkedIn.id).toBe(members[0].id);
    const arrived = await download(
      ctx.app.api.baseUrl,
      `/events/${event.id}/badges.pdf?delegationId=${pakistan.id}&checkedIn=true`,
      organiser.token,
    );
    expect(pdfPageCount(arrived.body)).toBe(1);
    expect(pdfReadingText(arrived.body).match(/Ayesha Qureshi[A-J]/g)).toEqual([members[0].name]);
  });

  it('takes the list’s other filters, refuses a status other than confirmed naming it, and says when no one matches', async () => {
    const observers = await download(ctx.app.api.baseUrl, `/events/${event.id}/badges.pdf?category=observer&sort=-name`, organiser.token);
    expect(observers.status).toBe(200);
    expect(pdfReadingText(observers.body).match(/Ayesha Qureshi[A-J]/g)).toEqual(['Ayesha QureshiJ', 'Ayesha QureshiC']);

    const pending = await organiser.api.get(`/events/${event.id}/badges.pdf?status=pending`);
    expect([pending.status, pending.body.code, pending.body.details]).toEqual([
      400,
      'VALIDATION_FAILED',
      [{ field: 'status', message: expect.stringContaining('confirmed registrations only') }],
    ]);
    const nobody = await organiser.api.get(`/events/${event.id}/badges.pdf?delegationId=${kenya.id}&category=media`);
    expect([nobody.status, nobody.body.code]).toEqual([409, 'NO_BADGES_TO_PRINT']);
    const wrong = await organiser.api.get(`/events/${event.id}/badges.pdf?checkedIn=perhaps`);
    expect([wrong.status, wrong.body.details?.[0]?.field]).toEqual([400, 'checkedIn']);
  });

  it('the console’s "Print badges (A4)" downloads the sheet of the filtered view, and says so when there is nothing to print', async () => {
    const { context, page } = await signedIn(browser, ctx.app.url, { email: organiser.email, password: PASSWORD });
    await page.goto(`/console/events/${event.id}/registrations`);
    await page.getByLabel('Delegation').selectOption({ label: 'Republic of Kenya' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'match' }).textContent()).resolves.toContain('2 registrations match');
    const problems = await inspectScreen(page, 'issue18-registrations-print-badges', 'Registrations');
    const [sheet] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Print badges (A4)' }).click()]);
    expect(sheet.suggestedFilename()).toBe(`badges-${event.slug}.pdf`);
    const pdf = Buffer.concat(await (await sheet.createReadStream()).toArray());
    expect(pdfPageCount(pdf)).toBe(1);
    expect(pdfReadingText(pdf).match(/Wanjiru Otieno[AB]/g)).toEqual(['Wanjiru OtienoA', 'Wanjiru OtienoB']);
    expect(pdfReadingText(pdf)).not.toContain('Qureshi');

    // Pending registrations have no badge: the button leads back to the same view, which says why.
    await page.getByLabel('Status').selectOption({ label: 'Pending' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('link', { name: 'Print badges (A4)' }).click();
    await expect(page.getByText('Badges are printed for confirmed registrations only').isVisible()).resolves.toBe(true);
    await expect(page.getByLabel('Status').inputValue()).resolves.toBe('pending');
    await expect(page.getByLabel('Delegation').inputValue()).resolves.toBe(kenya.id);
    problems.push(...(await inspectScreen(page, 'issue18-registrations-no-badges', 'Registrations')));
    expect(problems).toEqual([]);
    await context.close();
  });
});
