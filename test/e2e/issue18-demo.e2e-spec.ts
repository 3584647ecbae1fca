import { randomBytes } from 'node:crypto';
import { DEMO_ORGANISER, demoPassports } from '../../src/demo/demo-data';
import { TEST_JWT_SECRET } from '../support/app';
import { pdfImages } from '../support/badges';
import { useApp } from '../support/context';
import { expectStatus, login } from '../support/factories';
import { pdfText } from '../support/pdf';
import { dist } from '../support/paths';
import { spawnNode } from '../support/processes';

const KEY = randomBytes(32).toString('hex');
const SLUG = 'cosom-islamabad-2025';

/**
 * Issue 18: `npm start` shows the whole accreditation flow. The demo conference asks for photos and passport
 * data; its delegations are accredited, each member with a photo on their badge and passport data, those who
 * travel with a visa letter; the provisional List of Participants names them. Seeding twice changes nothing.
 */
describe('The demo seed with accredited delegations, photos and visa letters', () => {
  const ctx = useApp({ DEMO_SEED: 'true', DATA_ENCRYPTION_KEY: KEY, LOGIN_RATE_LIMIT: '0' });

  const download = async (token: string, path: string, type: string): Promise<Buffer> => {
    const response = await fetch(`${ctx.app.api.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (response.status !== 200 || response.headers.get('content-type') !== type)
      throw new Error(`${path}: ${response.status} ${response.headers.get('content-type')}`);
    return Buffer.from(await response.arrayBuffer());
  };
  const members = async () =>
    (
      await ctx.db.query(
        `SELECT r.id, r.email, r.given_name, r.family_name, d.name AS delegation FROM registration r
           JOIN event e ON e.id = r.event_id JOIN delegation d ON d.id = r.delegation_id WHERE e.slug = $1 ORDER BY r.email`,
        [SLUG],
      )
    ).rows as { id: string; email: string; given_name: string; family_name: string; delegation: string }[];

  it('accredits the Pakistan delegation, whose badges print the photo and whose visa letters hold the passport numbers', async () => {
    const token = await login(ctx.app.api, DEMO_ORGANISER.email, DEMO_ORGANISER.password);
    const api = ctx.app.api.as(token);
    const event = expectStatus(await api.get(`/events/${SLUG}`), 200, 'event');
    expect(event).toMatchObject({ asksPhoto: true, asksPassport: true, status: 'published' });
    expect(ctx.app.process.output.join('\n')).toContain(
      'accredited delegations: Pakistan, Egypt, INTERPOL; 4 members with photos, 2 with visa letters',
    );

    const seeded = await members();
    const pakistan = seeded.filter((member) => member.delegation === 'Pakistan');
    expect(pakistan.map((member) => member.family_name).sort()).toEqual(['Khan', 'Qureshi']);
    const delegations = expectStatus(await api.get(`/events/${event.id}/delegations`), 200, 'delegations');
    const delegation = delegations.find((row: any) => row.name === 'Pakistan');
    expect(delegation.status).toBe('accredited');
    const listed = expectStatus(await api.get(`/delegations/${delegation.id}/members`), 200, 'members');
    expect(listed.map((member: any) => member.familyName).sort()).toEqual(['Khan', 'Qureshi']);
    // Every seeded delegation member is accredited (what the badges and letters wait for).
    expect((await ctx.db.query(`SELECT DISTINCT accreditation_status FROM registration WHERE delegation_id IS NOT NULL`)).rows).toEqual([
      { accreditation_status: 'accredited' },
    ]);

    for (const member of seeded) {
      const images = pdfImages(await download(token, `/registrations/${member.id}/badge.pdf`, 'application/pdf'));
      expect(images.some((image) => image.width >= 300 && image.height >= 400)).toBe(true);
      const identity = expectStatus(await api.get(`/registrations/${member.id}/identity`), 200, 'identity');
      expect(identity.passportNumber).toBe(demoPassports[member.email].passportNumber);
    }

    const travellers = seeded.filter((member) => demoPassports[member.email].needsVisaLetter);
    expect(travellers.length).toBeGreaterThan(0);
    for (const member of travellers) {
      const text = pdfText(await download(token, `/registrations/${member.id}/visa-letter.pdf`, 'application/pdf'));
      expect(text).toContain(demoPassports[member.email].passportNumber);
    }
    const zip = await download(token, `/events/${event.id}/letters.zip`, 'application/zip');
    expect(zip.subarray(0, 2).toString('latin1')).toBe('PK');

    const page = await fetch(`${ctx.app.url}/events/${SLUG}/participants`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/provisional/i);
    for (const member of pakistan) {
      expect(html).toContain(member.family_name);
      expect(html).toContain(member.given_name);
    }
    expect((await ctx.db.query('SELECT count(*)::int AS n FROM mail_message')).rows[0].n).toBe(0);
  }, 180_000);

  it('changes nothing when seeded a second time (seed:demo)', async () => {
    const counts = async () =>
      (
        await ctx.db.query(
          `SELECT (SELECT count(*) FROM registration)::int AS registrations, (SELECT count(*) FROM registration_identity)::int AS identities,
                  (SELECT count(*) FROM stored_file)::int AS files, (SELECT count(*) FROM letter_template)::int AS templates,
                  (SELECT count(*) FROM delegation)::int AS delegations, (SELECT count(*) FROM mail_message)::int AS mails,
                  (SELECT string_agg(id || accreditation_status || listed || coalesce(photo_file_id::text, ''), ',' ORDER BY id) FROM registration) AS states`,
        )
      ).rows[0];
    const before = await counts();
    const cli = spawnNode(dist('src', 'cli', 'main.js'), ['seed:demo'], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: ctx.databaseUrl,
        JWT_SECRET: TEST_JWT_SECRET,
        DATA_ENCRYPTION_KEY: KEY,
      },
    });
    expect(await cli.exited).toBe(0);
    expect(await counts()).toEqual(before);
  }, 180_000);
});
