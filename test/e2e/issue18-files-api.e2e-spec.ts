import sharp from 'sharp';
import { LinkTokens } from '../../src/auth/link-tokens';
import { TEST_JWT_SECRET } from '../support/app';
import { useApp } from '../support/context';
import { createPublishedEvent, createUser, expectStatus, registrant, TestUser } from '../support/factories';
import { pdfOfSize, phonePhoto, photo, sha256, storedState, upload, zipArchive } from '../support/files';

const manageToken = (registrationId: string) => new LinkTokens(TEST_JWT_SECRET).tokenFor('manage', registrationId);
const MB = 1024 * 1024;
const EVENT_LIMIT = 3_000_000;

/**
 * Issue 18, files through the API against the real server and PostgreSQL: photos and credentials letters
 * are checked by their content (a PDF renamed .jpg, a "photo" that is a ZIP, a 12 MB upload, a 40×40
 * photo are refused, naming the field, and leave nothing stored), a phone photo is stored upright at
 * 600×800 without its EXIF, GPS or ICC profile, files stream out with safe headers, and the event's limit
 * holds under parallel uploads.
 */
describe('Files: photos and credentials letters through the API', () => {
  const ctx = useApp({ REGISTRATION_RATE_LIMIT: '0', FILES_EVENT_LIMIT_BYTES: String(EVENT_LIMIT) });
  let organiser: TestUser;
  let doorkeeper: TestUser;
  let stranger: TestUser;
  let event: any;
  let registrationId: string;
  let delegationId: string;

  const url = (path: string) => `${ctx.app.url}/api/v1${path}`;
  const putPhoto = (id: string, data: Buffer, filename: string, type: string, token = organiser.token) =>
    upload(url(`/registrations/${id}/photo`), token, 'PUT', 'photo', { data, filename, type });
  const putLetter = (id: string, data: Buffer, filename = 'note-verbale.pdf', type = 'application/pdf', token = organiser.token) =>
    upload(url(`/delegations/${id}/credentials-letter`), token, 'PUT', 'file', { data, filename, type });
  async function newRegistration(eventId = event.id): Promise<string> {
    return expectStatus(await ctx.app.api.post(`/events/${eventId}/registrations`, registrant()), 201, 'registration').id;
  }
  async function newDelegation(eventId: string, name: string, countryCode: string): Promise<string> {
    return expectStatus(
      await organiser.api.post(`/events/${eventId}/delegations`, { name, kind: 'country', countryCode, quota: 3 }),
      201,
      name,
    ).id;
  }
  /** Expects a refusal in the error shape that names `field`, with nothing stored or changed for the event. */
  async function expectRefused(
    answer: { status: number; body: any },
    status: number,
    code: string,
    field: string,
    text: RegExp,
    before: Awaited<ReturnType<typeof storedState>>,
  ) {
    expect({ status: answer.status, code: answer.body.code }).toEqual({ status, code });
    expect(answer.body.details).toEqual([expect.objectContaining({ field })]);
    expect(answer.body.message).toMatch(new RegExp(`^${field}: `));
    expect(answer.body.message).toMatch(text);
    expect(await storedState(ctx.db, event.id)).toEqual(before);
  }

  beforeAll(async () => {
    organiser = await createUser(ctx.app.api, 'organiser');
    doorkeeper = await createUser(ctx.app.api, 'member');
    stranger = await createUser(ctx.app.api, 'organiser');
    event = await createPublishedEvent(organiser.api, { capacity: 100 });
    expectStatus(await organiser.api.put(`/events/${event.id}/roles`, { email: doorkeeper.email, role: 'checkin' }), 200, 'check-in role');
    registrationId = await newRegistration();
    delegationId = await newDelegation(event.id, 'Pakistan', 'PK');
  });

  it('refuses a PDF renamed .jpg and declared as a JPEG, by its content, naming the field, and stores nothing', async () => {
    const before = await storedState(ctx.db, event.id);
    const answer = await putPhoto(registrationId, pdfOfSize(20_000), 'passport-photo.jpg', 'image/jpeg');
    await expectRefused(
      answer,
      415,
      'FILE_TYPE_NOT_ALLOWED',
      'photo',
      /the file is a PDF document, not a photo; upload a JPEG, PNG or WebP image/,
      before,
    );
  });

  it('refuses a "photo" that is a ZIP archive named .png', async () => {
    const before = await storedState(ctx.db, event.id);
    const answer = await putPhoto(registrationId, zipArchive(), 'photo.png', 'image/png');
    await expectRefused(answer, 415, 'FILE_TYPE_NOT_ALLOWED', 'photo', /ZIP archive/, before);
  });

  it('refuses a file that starts like a JPEG but is not one', async () => {
    const before = await storedState(ctx.db, event.id);
    const fake = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(5000, 7)]);
    const answer = await putPhoto(registrationId, fake, 'photo.jpg', 'image/jpeg');
    await expectRefused(answer, 422, 'FILE_UNREADABLE', 'photo', /starts as a JPEG image but cannot be read/, before);
  });

  it('answers a 12 MB photo with a 413 the client receives (the body is read to its end), and stores nothing', async () => {
    const before = await storedState(ctx.db, event.id);
    const big = Buffer.concat([await photo('jpeg'), Buffer.alloc(12 * MB)]);
    const answer = await putPhoto(registrationId, big, 'big.jpg', 'image/jpeg');
    await expectRefused(answer, 413, 'FILE_TOO_LARGE', 'photo', /larger than 5 MB/, before);
    const letter = await putLetter(delegationId, pdfOfSize(12 * MB));
    await expectRefused(letter, 413, 'FILE_TOO_LARGE', 'file', /larger than 10 MB/, before);
  });

  it('refuses a 40×40 photo, saying the minimum', async () => {
    const before = await storedState(ctx.db, event.id);
    const answer = await putPhoto(registrationId, await photo('png', 40, 40), 'tiny.png', 'image/png');
    await expectRefused(answer, 422, 'PHOTO_TOO_SMALL', 'photo', /the photo is 40×40 pixels; it must be at least 300×400 pixels/, before);
  });

  it('refuses an upload without the field, or not sent as multipart, naming the field', async () => {
    const before = await storedState(ctx.db, event.id);
    const wrongField = await upload(url(`/registrations/${registrationId}/photo`), organiser.token, 'PUT', 'picture', {
      data: await photo('jpeg'),
      filename: 'a.jpg',
      type: 'image/jpeg',
    });
    await expectRefused(wrongField, 400, 'VALIDATION_FAILED', 'photo', /is required/, before);
    const json = await organiser.api.put(`/registrations/${registrationId}/photo`, { photo: 'a photo' });
    await expectRefused(json, 400, 'VALIDATION_FAILED', 'photo', /multipart\/form-data/, before);
  });

  it('stores a phone photo upright at 600×800 with no EXIF, GPS or ICC profile left, checked in the stored bytes', async () => {
    const original = await phonePhoto();
    const inputMetadata = await sharp(original).metadata();
    expect({ exif: Boolean(inputMetadata.exif), icc: Boolean(inputMetadata.icc), orientation: inputMetadata.orientation }).toEqual({
      exif: true,
      icc: true,
      orientation: 6,
    });
    expect(original.includes(Buffer.from('PhoneMaker'))).toBe(true);

    const answer = await putPhoto(registrationId, original, '../../IMG_2041 "me".JPG', 'image/jpeg');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(
      expect.objectContaining({ kind: 'photo', contentType: 'image/jpeg', filename: expect.stringMatching(/^Amina Rahman \d+\.jpg$/) }),
    );

    const { rows } = await ctx.db.query<{ data: Buffer; size_bytes: number; sha256: string; content_type: string; photo_file_id: string }>(
      `SELECT f.data, f.size_bytes, f.sha256, f.content_type, r.photo_file_id
         FROM registration r JOIN stored_file f ON f.id = r.photo_file_id WHERE r.id = $1`,
      [registrationId],
    );
    expect(rows).toHaveLength(1);
    const stored = rows[0];
    expect(stored.photo_file_id).toBe(answer.body.id);
    expect({ size: stored.size_bytes, sha256: stored.sha256, type: stored.content_type }).toEqual({
      size: stored.data.length,
      sha256: sha256(stored.data),
      type: 'image/jpeg',
    });
    const metadata = await sharp(stored.data).metadata();
    expect({
      format: metadata.format,
      width: metadata.width,
      height: metadata.height,
      exif: metadata.exif,
      icc: metadata.icc,
      xmp: metadata.xmp,
      iptc: metadata.iptc,
      orientation: metadata.orientation,
    }).toEqual({
      format: 'jpeg',
      width: 600,
      height: 800,
      exif: undefined,
      icc: undefined,
      xmp: undefined,
      iptc: undefined,
      orientation: undefined,
    });
    for (const trace of ['Exif', 'PhoneMaker', 'Amina Rahman', 'ICC_PROFILE', '2025:11:20'])
      expect(stored.data.includes(Buffer.from(trace))).toBe(false);
    // Turned upright: the stored left half (red) is now on top, the right half (blue) below.
    const { data: pixels, info } = await sharp(stored.data).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => [
      ...pixels.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3),
    ];
    const [topRed, , topBlue] = at(300, 100);
    const [bottomRed, , bottomBlue] = at(300, 700);
    expect(topRed > 150 && topBlue < 80).toBe(true);
    expect(bottomBlue > 150 && bottomRed < 80).toBe(true);
    // In SQL too: the stored bytes have no EXIF segment (APP1 "Exif\0\0") and no ICC profile segment.
    const segments = await ctx.db.query<{ exif: number; icc: number }>(
      `SELECT position('\\x457869660000'::bytea IN data) AS exif, position('ICC_PROFILE'::bytea IN data) AS icc FROM stored_file WHERE id = $1`,
      [answer.body.id],
    );
    expect(segments.rows[0]).toEqual({ exif: 0, icc: 0 });
  });

  it('streams the photo with its type, length, a safe inline disposition and nosniff, to organisers and check-in staff', async () => {
    const [{ data }] = (
      await ctx.db.query<{ data: Buffer }>(
        'SELECT f.data FROM registration r JOIN stored_file f ON f.id = r.photo_file_id WHERE r.id = $1',
        [registrationId],
      )
    ).rows;
    for (const who of [organiser, doorkeeper]) {
      const response = await fetch(url(`/registrations/${registrationId}/photo`), { headers: { authorization: `Bearer ${who.token}` } });
      expect(response.status).toBe(200);
      expect({
        type: response.headers.get('content-type'),
        length: response.headers.get('content-length'),
        disposition: response.headers.get('content-disposition'),
        nosniff: response.headers.get('x-content-type-options'),
        cache: response.headers.get('cache-control'),
        etag: response.headers.get('etag'),
      }).toEqual({
        type: 'image/jpeg',
        length: String(data.length),
        disposition: expect.stringMatching(/^inline; filename="Amina Rahman \d+\.jpg"; filename\*=UTF-8''Amina%20Rahman%20\d+\.jpg$/),
        nosniff: 'nosniff',
        cache: 'private, no-store',
        etag: `"${sha256(data)}"`,
      });
      expect(Buffer.from(await response.arrayBuffer()).equals(data)).toBe(true);
    }
  });

  it("lets only the event organisers change a photo: check-in staff and another event's organiser 403 (the event is published), anonymous 401", async () => {
    const before = await storedState(ctx.db, event.id);
    const image = await photo('webp');
    expect((await putPhoto(registrationId, image, 'p.webp', 'image/webp', doorkeeper.token)).status).toBe(403);
    expect((await putPhoto(registrationId, image, 'p.webp', 'image/webp', stranger.token)).status).toBe(403);
    expect(
      (
        await upload(url(`/registrations/${registrationId}/photo`), undefined, 'PUT', 'photo', {
          data: image,
          filename: 'p.webp',
          type: 'image/webp',
        })
      ).status,
    ).toBe(401);
    expect(
      (await fetch(url(`/registrations/${registrationId}/photo`), { headers: { authorization: `Bearer ${stranger.token}` } })).status,
    ).toBe(403);
    expect(
      (
        await fetch(url(`/registrations/${registrationId}/photo`), {
          method: 'DELETE',
          headers: { authorization: `Bearer ${doorkeeper.token}` },
        })
      ).status,
    ).toBe(403);
    expect(await storedState(ctx.db, event.id)).toEqual(before);
  });

  it('replaces a photo (the old file is removed with it) and removes it, through the manage link too', async () => {
    const token = manageToken(registrationId);
    const oldId = (await ctx.db.query('SELECT photo_file_id FROM registration WHERE id = $1', [registrationId])).rows[0].photo_file_id;
    const replaced = await upload(url(`/registrations/manage/${token}/photo`), undefined, 'PUT', 'photo', {
      data: await photo('webp', 600, 900),
      filename: 'me.webp',
      type: 'image/webp',
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body.contentType).toBe('image/jpeg');
    const files = await ctx.db.query('SELECT id FROM stored_file WHERE event_id = $1 AND kind = $2', [event.id, 'photo']);
    expect(files.rows.map((row) => row.id)).toEqual([replaced.body.id]);
    expect(oldId).not.toBe(replaced.body.id);

    const viaLink = await fetch(url(`/registrations/manage/${token}/photo`));
    expect({ status: viaLink.status, type: viaLink.headers.get('content-type') }).toEqual({ status: 200, type: 'image/jpeg' });
    expect((await sharp(Buffer.from(await viaLink.arrayBuffer())).metadata()).width).toBe(600);

    expect((await fetch(url(`/registrations/manage/${token}/photo`), { method: 'DELETE' })).status).toBe(204);
    expect((await ctx.db.query('SELECT photo_file_id FROM registration WHERE id = $1', [registrationId])).rows[0].photo_file_id).toBeNull();
    expect((await storedState(ctx.db, event.id)).files).toBe(0);
    const gone = await fetch(url(`/registrations/${registrationId}/photo`), { headers: { authorization: `Bearer ${organiser.token}` } });
    expect({ status: gone.status, message: ((await gone.json()) as any).message }).toEqual({ status: 404, message: 'Photo not found' });
  });

  it('refuses a photo through the manage link of a cancelled registration', async () => {
    const id = await newRegistration();
    const token = manageToken(id);
    expectStatus(await ctx.app.api.post(`/registrations/manage/${token}/cancel`), 200, 'cancel');
    const before = await storedState(ctx.db, event.id);
    const answer = await upload(url(`/registrations/manage/${token}/photo`), undefined, 'PUT', 'photo', {
      data: await photo('jpeg'),
      filename: 'me.jpg',
      type: 'image/jpeg',
    });
    expect({ status: answer.status, code: answer.body.code }).toEqual({ status: 409, code: 'NOT_ACTIVE' });
    expect(await storedState(ctx.db, event.id)).toEqual(before);
    expect(
      (
        await upload(url(`/registrations/manage/${'x'.repeat(43)}/photo`), undefined, 'PUT', 'photo', {
          data: await photo('jpeg'),
          filename: 'a.jpg',
          type: 'image/jpeg',
        })
      ).status,
    ).toBe(404);
  });

  it('takes a credentials letter only as a PDF by its content, and streams it back as a download, byte for byte', async () => {
    const before = await storedState(ctx.db, event.id);
    await expectRefused(
      await putLetter(delegationId, await photo('png'), 'note.pdf'),
      415,
      'FILE_TYPE_NOT_ALLOWED',
      'file',
      /a PNG image, not a PDF/,
      before,
    );
    await expectRefused(
      await putLetter(delegationId, zipArchive(), 'note.pdf'),
      415,
      'FILE_TYPE_NOT_ALLOWED',
      'file',
      /ZIP archive/,
      before,
    );
    const cut = pdfOfSize(50_000).subarray(0, 30_000);
    await expectRefused(await putLetter(delegationId, cut), 422, 'FILE_UNREADABLE', 'file', /starts as a PDF but is cut short/, before);
    const fakeHeader = Buffer.concat([Buffer.from('%PDF-9.9\n'), Buffer.alloc(2000, 32), Buffer.from('%%EOF\n')]);
    await expectRefused(await putLetter(delegationId, fakeHeader), 422, 'FILE_UNREADABLE', 'file', /PDF header/, before);

    // 1.2 MB: streamed out in several pieces.
    const letter = pdfOfSize(1_200_000);
    const stored = await putLetter(delegationId, letter, 'Note verbale – Pakistan (2025).pdf', 'application/octet-stream');
    expect(stored.status).toBe(200);
    expect(stored.body).toEqual(
      expect.objectContaining({
        kind: 'credentials_letter',
        contentType: 'application/pdf',
        sizeBytes: letter.length,
        sha256: sha256(letter),
      }),
    );
    expect(stored.body.filename).toBe('Note verbale – Pakistan (2025).pdf');
    const response = await fetch(url(`/delegations/${delegationId}/credentials-letter`), {
      headers: { authorization: `Bearer ${organiser.token}` },
    });
    expect({
      status: response.status,
      type: response.headers.get('content-type'),
      length: response.headers.get('content-length'),
      disposition: response.headers.get('content-disposition'),
      nosniff: response.headers.get('x-content-type-options'),
    }).toEqual({
      status: 200,
      type: 'application/pdf',
      length: String(letter.length),
      disposition: `attachment; filename="Note verbale _ Pakistan (2025).pdf"; filename*=UTF-8''Note%20verbale%20%E2%80%93%20Pakistan%20%282025%29.pdf`,
      nosniff: 'nosniff',
    });
    expect(sha256(Buffer.from(await response.arrayBuffer()))).toBe(sha256(letter));
    const column = await ctx.db.query('SELECT credentials_file_id FROM delegation WHERE id = $1', [delegationId]);
    expect(column.rows[0].credentials_file_id).toBe(stored.body.id);
    expect(
      (await fetch(url(`/delegations/${delegationId}/credentials-letter`), { headers: { authorization: `Bearer ${doorkeeper.token}` } }))
        .status,
    ).toBe(403);
  });

  it('keeps an event within its limit under parallel uploads: exactly as many letters as fit are stored, the others refused whole', async () => {
    const other = await createPublishedEvent(organiser.api, { capacity: 10 });
    const countries: [string, string][] = [
      ['Austria', 'AT'],
      ['Brazil', 'BR'],
      ['Chile', 'CL'],
      ['Denmark', 'DK'],
      ['Egypt', 'EG'],
      ['Fiji', 'FJ'],
    ];
    const delegations = [];
    for (const [name, code] of countries) delegations.push(await newDelegation(other.id, name, code));
    const letters = delegations.map(() => pdfOfSize(700_000));
    const answers = await Promise.all(delegations.map((id, index) => putLetter(id, letters[index])));
    const accepted = answers.filter((answer) => answer.status === 200);
    const refused = answers.filter((answer) => answer.status !== 200);
    // 4 × 700 KB fit in 3,000,000 bytes, a fifth does not.
    expect(accepted).toHaveLength(4);
    expect(refused.map((answer) => answer.body.code)).toEqual(['EVENT_FILES_FULL', 'EVENT_FILES_FULL']);
    expect(refused[0].body.message).toMatch(/^file: the event's files would take more than its limit of 2\.9 MB/);
    const state = await storedState(ctx.db, other.id);
    expect(state.files).toBe(4);
    expect(state.bytes).toBeLessThanOrEqual(EVENT_LIMIT);
    expect(state.letters.filter((row: any) => row.credentials_file_id !== null)).toHaveLength(4);
    expect(await storedState(ctx.db, event.id)).toEqual(expect.objectContaining({ files: 1 }));

    // A replacement does not count the letter it replaces; after a removal the refused one fits.
    const withLetter = delegations.filter((_id, index) => answers[index].status === 200);
    const without = delegations.filter((_id, index) => answers[index].status !== 200);
    expect((await putLetter(withLetter[0], pdfOfSize(700_000))).status).toBe(200);
    expect((await putLetter(without[0], pdfOfSize(700_000))).body.code).toBe('EVENT_FILES_FULL');
    const removed = await fetch(url(`/delegations/${withLetter[1]}/credentials-letter`), {
      method: 'DELETE',
      headers: { authorization: `Bearer ${organiser.token}` },
    });
    expect(removed.status).toBe(204);
    expect((await putLetter(without[0], pdfOfSize(700_000))).status).toBe(200);
    expect((await storedState(ctx.db, other.id)).files).toBe(4);
  });
  it('keeps one photo per registration under parallel uploads: each replaces the one before, no file is left behind', async () => {
    const id = await newRegistration();
    const answers = await Promise.all(
      (['jpeg', 'png', 'webp', 'jpeg'] as const).map(async (format) =>
        putPhoto(id, await photo(format, 600, 800), `p.${format}`, `image/${format}`),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    const { rows } = await ctx.db.query<{ id: string }>(`SELECT f.id FROM stored_file f WHERE f.kind = 'photo' AND f.event_id = $1`, [
      event.id,
    ]);
    const column = (await ctx.db.query('SELECT photo_file_id FROM registration WHERE id = $1', [id])).rows[0].photo_file_id;
    expect(rows.map((row) => row.id)).toEqual([column]);
    expect(answers.map((answer) => answer.body.id)).toContain(column);
  });
});
