import sharp from 'sharp';
import type { QueryRunner } from 'typeorm';
import { LetterheadForeignKey1798196100000 } from '../../src/database/migrations/1798196100000-LetterheadForeignKey';
import { createPublishedEvent, createUser, expectStatus, registrant, TestUser } from '../support/factories';
import { pdfOfSize } from '../support/files';
import { download, fileForm, letterheadBanner, pdfImageSizes, useLettersApp } from '../support/letters';

const PASSPORT = { number: 'PK7719304', issuingCountry: 'PK', expiry: '2031-05-14', dateOfBirth: '1979-03-02' };
const TEMPLATE = {
  body: 'We are pleased to confirm that {{fullName}}, holder of passport number {{passportNumber}}, attends the {{eventTitle}}.',
  signatoryName: 'Amb. Farah Siddiqui',
  signatoryTitle: 'Director General (UN & Conferences), Ministry of Foreign Affairs',
};

/** A JPEG banner of `width`×`height` (a green band). */
const jpegBanner = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#0b6e4f' } })
    .jpeg()
    .toBuffer();

/** The first 60% of a file, as an upload broken off. */
const cutShort = (data: Buffer) => data.subarray(0, Math.floor(data.length * 0.6));

/**
 * Issue 18, the letterhead of the visa letters (`PUT/GET/DELETE /events/:id/letter-template/letterhead`),
 * against the real server, PostgreSQL and the files table: a PNG uploaded is printed in the letter (as
 * `pdfimages -list` sees it), a PDF named .png, a 3 MB file, a tiny or huge image and a damaged one are
 * refused naming the field with nothing stored, a replacement removes the file before, a removal prints
 * letters without one, and only the event's organisers may touch it.
 */
describe('The letterhead of the visa letters', () => {
  const ctx = useLettersApp({ REGISTRATION_RATE_LIMIT: '0' });
  let organiser: TestUser;
  let checkin: TestUser;
  let otherOrganiser: TestUser;
  let event: { id: string };
  let personId: string;

  const path = () => `/events/${event.id}/letter-template/letterhead`;
  const upload = (data: Buffer, filename: string, type: string, who = organiser) =>
    who.api.form('PUT', path(), fileForm(data, filename, type));
  const letterImages = async () => {
    const letter = await download(`${ctx.app.url}/api/v1/registrations/${personId}/visa-letter.pdf`, organiser.token);
    expect(letter.status).toBe(200);
    return pdfImageSizes(letter.body).map((image) => `${image.width}x${image.height}`);
  };
  const files = async () =>
    (await ctx.db.query<{ id: string; kind: string }>('SELECT id, kind FROM stored_file WHERE event_id = $1', [event.id])).rows;
  const templateLetterhead = async () =>
    (await ctx.db.query('SELECT letterhead_file_id FROM letter_template WHERE event_id = $1', [event.id])).rows[0]?.letterhead_file_id ??
    null;

  beforeAll(async () => {
    organiser = await createUser(ctx.app.api, 'organiser', 'Secretariat Officer');
    otherOrganiser = await createUser(ctx.app.api, 'organiser', 'Another Organiser');
    checkin = await createUser(ctx.app.api, 'member', 'Check-in Desk');
    event = await createPublishedEvent(organiser.api, { title: 'International Conference on Countering the Smuggling of Migrants' });
    expectStatus(await organiser.api.put(`/events/${event.id}/roles`, { email: checkin.email, role: 'checkin' }), 200, 'check-in role');
    personId = expectStatus(
      await ctx.app.api.post(
        `/events/${event.id}/registrations`,
        registrant({ honorific: 'Ms', givenName: 'Amina', familyName: 'Rahman' }),
      ),
      201,
      'registration',
    ).id;
    ctx.setPassport(personId, PASSPORT);
  });

  it('refuses a letterhead before the template is saved, saying what to do, and stores nothing', async () => {
    const early = await upload(letterheadBanner(), 'letterhead.png', 'image/png');
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('LETTER_TEMPLATE_MISSING');
    expect(early.body.message).toContain(`save it first (PUT /api/v1/events/${event.id}/letter-template)`);
    expect(await files()).toEqual([]);
  });

  it('stores a PNG letterhead, streams it back as it was, and prints it across the letter', async () => {
    expectStatus(await organiser.api.put(`/events/${event.id}/letter-template`, TEMPLATE), 200, 'template');
    expect(await letterImages()).not.toContain('1200x160');
    const png = letterheadBanner(1200, 160);
    const stored = expectStatus(await upload(png, 'MoFA letterhead.png', 'image/png'), 200, 'letterhead');
    expect(stored).toMatchObject({ kind: 'letterhead', contentType: 'image/png', filename: 'MoFA letterhead.png', sizeBytes: png.length });
    expect((await organiser.api.get(`/events/${event.id}/letter-template`)).body.letterheadFileId).toBe(stored.id);

    const response = await fetch(`${ctx.app.url}/api/v1${path()}`, { headers: { authorization: `Bearer ${organiser.token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('content-disposition')).toMatch(/^inline; filename="MoFA letterhead.png"/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await response.arrayBuffer()).equals(png)).toBe(true);

    expect(await letterImages()).toContain('1200x160');
  });

  it('refuses a PDF named .png (415), a 3 MB file (413), a tiny, a huge and a damaged image (422), naming the field, and keeps the letterhead', async () => {
    const before = await templateLetterhead();
    const refusals: [string, Buffer, string, number, string, RegExp][] = [
      ['a PDF renamed .png', pdfOfSize(5000), 'letterhead.png', 415, 'FILE_TYPE_NOT_ALLOWED', /a PDF document, not a letterhead image/],
      [
        'a 3 MB PNG',
        await sharp(Buffer.alloc(1024 * 1024 * 3, 7), { raw: { width: 1024, height: 1024, channels: 3 } })
          .png({ compressionLevel: 0 })
          .toBuffer(),
        'big.png',
        413,
        'FILE_TOO_LARGE',
        /larger than 2 MB/,
      ],
      [
        'a 40×40 icon',
        letterheadBanner(40, 40),
        'icon.png',
        422,
        'LETTERHEAD_DIMENSIONS_NOT_ALLOWED',
        /40×40 pixels; a letterhead must be 600×60/,
      ],
      ['a 6000×100 strip', letterheadBanner(6000, 100), 'strip.png', 422, 'LETTERHEAD_DIMENSIONS_NOT_ALLOWED', /6000×100 pixels/],
      ['a PNG cut short', cutShort(letterheadBanner()), 'cut.png', 422, 'FILE_UNREADABLE', /cannot be read/],
    ];
    for (const [what, data, filename, status, code, message] of refusals) {
      const refused = await upload(data, filename, 'image/png');
      expect({ what, status: refused.status, code: refused.body.code }).toEqual({ what, status, code });
      expect(refused.body.details).toEqual([{ field: 'letterhead', message: expect.stringMatching(message) }]);
      expect(refused.body.message).toMatch(/^letterhead: /);
    }
    // No file at all, or under another field name: 400 naming the field.
    const missing = await organiser.api.form('PUT', path(), fileForm(letterheadBanner(), 'a.png', 'image/png', 'picture'));
    expect(missing.status).toBe(400);
    expect(missing.body.details).toEqual([{ field: 'letterhead', message: expect.stringContaining('is required') }]);
    expect(await templateLetterhead()).toBe(before);
    expect((await files()).map((file) => file.id)).toEqual([before]);
  });

  it('replaces the letterhead with a JPEG, removing the file before in the same step', async () => {
    const old = await templateLetterhead();
    const stored = expectStatus(await upload(await jpegBanner(1600, 200), 'crest.jpeg', 'image/jpeg'), 200, 'replacement');
    expect(stored).toMatchObject({ contentType: 'image/jpeg', filename: 'crest.jpg' });
    expect(await templateLetterhead()).toBe(stored.id);
    expect(await files()).toEqual([{ id: stored.id, kind: 'letterhead' }]);
    expect((await ctx.db.query('SELECT 1 FROM stored_file WHERE id = $1', [old])).rowCount).toBe(0);
    const images = await letterImages();
    expect(images).toContain('1600x200');
    expect(images).not.toContain('1200x160');
  });

  it('keeps the letterhead when the template is saved without naming it, and refuses an id that is not its letterhead', async () => {
    const current = await templateLetterhead();
    expectStatus(
      await organiser.api.put(`/events/${event.id}/letter-template`, { ...TEMPLATE, signatoryName: 'Amb. F. Siddiqui' }),
      200,
      'save',
    );
    expect(await templateLetterhead()).toBe(current);
    expectStatus(await organiser.api.put(`/events/${event.id}/letter-template`, { ...TEMPLATE, letterheadFileId: current }), 200, 'same');
    const other = await organiser.api.put(`/events/${event.id}/letter-template`, {
      ...TEMPLATE,
      letterheadFileId: '7a1c1f0e-3b7e-4d43-9d8c-2f6a55c0b1aa',
    });
    expect(other.status).toBe(400);
    expect(other.body.details).toEqual([
      { field: 'letterheadFileId', message: expect.stringContaining("is not the template's letterhead") },
    ]);
    expect(await templateLetterhead()).toBe(current);
  });

  it('lets only the event organisers upload, read or remove it', async () => {
    const png = letterheadBanner();
    const anonymous = ctx.app.api;
    for (const [who, client, status] of [
      ['check-in staff', checkin.api, 403],
      ['an organiser of another event', otherOrganiser.api, 403],
      ['an anonymous caller', anonymous, 401],
    ] as const) {
      expect({ who, put: (await client.form('PUT', path(), fileForm(png, 'l.png', 'image/png'))).status }).toEqual({ who, put: status });
      expect({ who, get: (await client.get(path())).status }).toEqual({ who, get: status });
      expect({ who, delete: (await client.delete(path())).status }).toEqual({ who, delete: status });
    }
    expect(await files()).toHaveLength(1);
  });

  it('removes the letterhead and its file: letters then print without one', async () => {
    const current = await templateLetterhead();
    expect((await organiser.api.delete(path())).status).toBe(204);
    expect(await templateLetterhead()).toBeNull();
    expect(await files()).toEqual([]);
    expect((await ctx.db.query('SELECT 1 FROM stored_file WHERE id = $1', [current])).rowCount).toBe(0);
    expect((await organiser.api.get(path())).status).toBe(404);
    expect((await organiser.api.delete(path())).status).toBe(404);
    // Only the QR code (360×360, listed as an image and its mask) is left in the letter.
    expect([...new Set(await letterImages())]).toEqual(['360x360']);

    // Saving the template with `letterheadFileId: null` removes one too.
    expectStatus(await upload(letterheadBanner(), 'again.png', 'image/png'), 200, 'again');
    expectStatus(await organiser.api.put(`/events/${event.id}/letter-template`, { ...TEMPLATE, letterheadFileId: null }), 200, 'null');
    expect(await templateLetterhead()).toBeNull();
    expect(await files()).toEqual([]);
  });

  it('migrates ids written before there was an upload: one that names no letterhead is cleared, then the foreign key holds', async () => {
    const migration = new LetterheadForeignKey1798196100000();
    const runner = { query: (sql: string) => ctx.db.query(sql) } as unknown as QueryRunner;
    await migration.down(runner);
    await ctx.db.query(`UPDATE letter_template SET letterhead_file_id = '7a1c1f0e-3b7e-4d43-9d8c-2f6a55c0b1aa' WHERE event_id = $1`, [
      event.id,
    ]);
    await migration.up(runner);
    expect(await templateLetterhead()).toBeNull();
    const { rows } = await ctx.db.query(
      `SELECT confdeltype FROM pg_constraint WHERE conname = 'fk_letter_template_letterhead' AND confrelid = 'stored_file'::regclass`,
    );
    expect(rows).toEqual([{ confdeltype: 'n' }]); // ON DELETE SET NULL
    await expect(
      ctx.db.query(`UPDATE letter_template SET letterhead_file_id = '7a1c1f0e-3b7e-4d43-9d8c-2f6a55c0b1aa' WHERE event_id = $1`, [
        event.id,
      ]),
    ).rejects.toThrow(/fk_letter_template_letterhead/);
  });
});
