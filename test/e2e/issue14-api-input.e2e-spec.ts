import { useApp } from '../support/context';
import { createEvent, createPublishedEvent, createUser, expectStatus, registrant, TestUser } from '../support/factories';
import { download } from '../support/outcomes';

/** Issue 14 (#7, #14, #15): what the API accepts and stores, as an organiser and a delegate meet it. */
describe('Input: text, delegations, partners, time zones and the CSV export', () => {
  const ctx = useApp({ REGISTRATION_RATE_LIMIT: '0', MAIL_WORKER_CONCURRENCY: '0' });
  let organiser: TestUser;

  beforeAll(async () => {
    organiser = await createUser(ctx.app.api, 'organiser');
  });

  it('refuses a lone UTF-16 surrogate with 400 naming the field: registrations, answers, form labels, event titles', async () => {
    const event = await createPublishedEvent(organiser.api);
    const name = await ctx.app.api.post(`/events/${event.slug}/registrations`, registrant({ givenName: '\ud800' }));
    expect(name.status).toBe(400);
    expect(name.body.details).toEqual([
      { field: 'givenName', message: 'must not contain an unpaired UTF-16 surrogate (not a valid character)' },
    ]);
    // Sent as JSON text exactly as a client would write it, the escape and all.
    const raw = await fetch(`${ctx.app.url}/api/v1/events/${event.slug}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":"raw@example.org","givenName":"\\ud800","familyName":"Rahman"}',
    });
    expect(raw.status).toBe(400);
    expect(((await raw.json()) as any).details[0].field).toBe('givenName');
    const low = await ctx.app.api.post(
      `/events/${event.slug}/registrations`,
      registrant({ familyName: 'Ra\udc00hman', answers: { '\udbffkey': 'x' } }),
    );
    expect(low.status).toBe(400);
    expect(low.body.details.map((detail: any) => detail.field).sort()).toEqual(['answers.\udbffkey', 'familyName']);

    const label = await organiser.api.put(`/events/${event.id}/registration-form`, {
      fields: [{ key: 'dietary', label: 'Diet \ud800', type: 'text', required: false }],
    });
    expect(label.status).toBe(400);
    expect(label.body.details).toEqual([{ field: 'fields.0.label', message: expect.stringContaining('unpaired UTF-16 surrogate') }]);
    const title = await organiser.api.post('/events', {
      slug: 'surrogate-title',
      title: 'T\ud800',
      startDate: '2026-03-02',
      endDate: '2026-03-03',
      timezone: 'Europe/Vienna',
    });
    expect(title.status).toBe(400);
    expect(title.body.details).toEqual([{ field: 'title', message: expect.stringContaining('unpaired UTF-16 surrogate') }]);
    expect((await organiser.api.patch(`/events/${event.id}`, { title: 'T\udfff' })).body.details[0].field).toBe('title');

    // A real pair (an emoji, a rare CJK name) is text like any other.
    const pair = await ctx.app.api.post(`/events/${event.slug}/registrations`, registrant({ givenName: '𠮷野 😀' }));
    expect(pair.status).toBe(201);
    const { rows } = await ctx.db.query('SELECT given_name FROM registration WHERE event_id = $1', [event.id]);
    expect(rows).toEqual([{ given_name: '𠮷野 😀' }]);
  });

  it('shows the refusal of a lone surrogate beside the field of the register form, input kept', async () => {
    const event = await createPublishedEvent(organiser.api, { title: 'Regional Workshop' });
    const form = await fetch(`${ctx.app.url}/events/${event.slug}/register`);
    const cookie = form.headers.get('set-cookie')!.split(';')[0];
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1];
    const posted = await fetch(`${ctx.app.url}/events/${event.slug}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ _csrf: csrf, givenName: 'Am\ud800ina', familyName: 'Rahman', email: 'amina.form@example.org' }),
    });
    expect(posted.status).toBe(400);
    const html = await posted.text();
    expect(html).toMatch(
      /id="f-givenName"[^>]*aria-invalid="true"[^>]*>\s*<p class="error" id="f-givenName-error">must not contain an unpaired UTF-16 surrogate/,
    );
    expect(html).toContain('value="Rahman"');
    expect(html).toContain('value="amina.form@example.org"');
    expect((await ctx.db.query('SELECT count(*)::int AS n FROM registration WHERE event_id = $1', [event.id])).rows[0].n).toBe(0);
  });

  it('has one delegation per country and per organisation at an event: a second "Pakistan" is 409 DELEGATION_EXISTS', async () => {
    const event = await createPublishedEvent(organiser.api);
    const other = await createPublishedEvent(organiser.api);
    expectStatus(
      await organiser.api.post(`/events/${event.id}/delegations`, { name: 'Pakistan', kind: 'country', countryCode: 'PK', quota: 10 }),
      201,
      'Pakistan',
    );
    const again = await organiser.api.post(`/events/${event.id}/delegations`, {
      name: 'Islamic Republic of Pakistan',
      kind: 'country',
      countryCode: 'pk',
      quota: 5,
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('DELEGATION_EXISTS');
    expect(again.body.details).toEqual([{ field: 'countryCode', message: 'already has a delegation at this event' }]);
    expectStatus(
      await organiser.api.post(`/events/${other.id}/delegations`, { name: 'Pakistan', kind: 'country', countryCode: 'PK', quota: 10 }),
      201,
      'Pakistan at another event',
    );

    expectStatus(
      await organiser.api.post(`/events/${event.id}/delegations`, {
        name: 'INTERPOL',
        kind: 'organisation',
        organisationName: 'INTERPOL',
        quota: 3,
      }),
      201,
      'INTERPOL',
    );
    const org = await organiser.api.post(`/events/${event.id}/delegations`, {
      name: 'Interpol team',
      kind: 'organisation',
      organisationName: ' interpol ',
      quota: 3,
    });
    expect(org.status).toBe(409);
    expect(org.body.code).toBe('DELEGATION_EXISTS');
    expect(org.body.details[0].field).toBe('organisationName');

    // At the same time: the unique index decides, one is created.
    const racing = await Promise.all(
      [0, 1, 2, 3].map(() =>
        organiser.api.post(`/events/${event.id}/delegations`, { name: 'Türkiye', kind: 'country', countryCode: 'TR', quota: 4 }),
      ),
    );
    expect(racing.map((answer) => answer.status).sort()).toEqual([201, 409, 409, 409]);
    const names = (await organiser.api.get(`/events/${event.id}/delegations`)).body.map((delegation: any) => delegation.name).sort();
    expect(names).toEqual(['INTERPOL', 'Pakistan', 'Türkiye']);
  });

  it('says so when a found organisation keeps its stored kind', async () => {
    const first = await createEvent(organiser.api);
    const second = await createEvent(organiser.api);
    const added = expectStatus(
      await organiser.api.post(`/events/${first.id}/partners`, {
        organisation: { name: 'European Union', acronym: 'EU', kind: 'intergovernmental' },
        role: 'partner',
      }),
      201,
      'EU',
    );
    expect(added.warnings).toBeUndefined();
    const funder = await organiser.api.post(`/events/${second.id}/partners`, {
      organisation: { name: 'EU', kind: 'donor' },
      role: 'funder',
    });
    expect(funder.status).toBe(201);
    expect(funder.body.organisation).toMatchObject({ name: 'European Union', kind: 'intergovernmental' });
    expect(funder.body.warnings).toEqual([
      {
        field: 'organisation.kind',
        message: expect.stringContaining('European Union is already known as intergovernmental; the kind sent (donor) was not applied'),
      },
    ]);
  });

  it('stores a time zone typed in any case under its IANA name', async () => {
    const event = await createEvent(organiser.api, { timezone: 'asia/karachi' });
    expect(event.timezone).toBe('Asia/Karachi');
    expect((await organiser.api.patch(`/events/${event.id}`, { timezone: 'EUROPE/VIENNA' })).body.timezone).toBe('Europe/Vienna');
    expect((await organiser.api.patch(`/events/${event.id}`, { timezone: 'Asia/Kolkata' })).body.timezone).toBe('Asia/Kolkata');
    const { rows } = await ctx.db.query('SELECT timezone FROM event WHERE id = $1', [event.id]);
    expect(rows[0].timezone).toBe('Asia/Kolkata');
    expect((await organiser.api.patch(`/events/${event.id}`, { timezone: 'asia/nowhere' })).status).toBe(400);
  });

  it('exports CSV with a UTF-8 byte order mark and one column per question of the form, in form order', async () => {
    const event = await createPublishedEvent(organiser.api);
    expectStatus(
      await organiser.api.put(`/events/${event.id}/registration-form`, {
        fields: [
          { key: 'dietary', label: 'Dietary requirements', type: 'select', required: false, options: ['none', 'halal'] },
          { key: 'arrival', label: 'Arrival date', type: 'date', required: false },
          { key: 'consent', label: '=Consent to photos', type: 'checkbox', required: false },
        ],
      }),
      200,
      'form',
    );
    expectStatus(
      await ctx.app.api.post(
        `/events/${event.id}/registrations`,
        registrant({ givenName: 'عبد الرحمن', familyName: 'آل سعود', answers: { dietary: 'halal', consent: true } }),
      ),
      201,
      'registration',
    );
    expectStatus(
      await ctx.app.api.post(
        `/events/${event.id}/registrations`,
        registrant({ givenName: 'Li', familyName: 'Wei', answers: { arrival: '2025-11-25' } }),
      ),
      201,
      'registration',
    );

    const csv = await download(ctx.app.url, `/api/v1/events/${event.id}/registrations.csv`, organiser.token);
    expect(csv.status).toBe(200);
    expect([...csv.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = csv.body.subarray(3).toString('utf8').trim().split('\n');
    const columns = header.split(',');
    expect(columns.slice(-3)).toEqual(['Dietary requirements', 'Arrival date', "'=Consent to photos"]);
    expect(columns).not.toContain('answers');
    expect(rows[0]).toContain('عبد الرحمن,آل سعود');
    expect(rows[0].split(',').slice(-3)).toEqual(['halal', '', 'yes']);
    expect(rows[1].split(',').slice(-3)).toEqual(['', '2025-11-25', '']);
  });
});
