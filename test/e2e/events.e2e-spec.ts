import { useApp } from '../support/context';
import { createEvent, createSession, createSpeaker, createUser, expectStatus, TestUser, unique } from '../support/factories';

/** An organiser sets up a high-level event: its details, partners, status, speakers; bad input is named. */
describe('Events', () => {
  const ctx = useApp();
  let organiser: TestUser;

  beforeAll(async () => {
    organiser = await createUser(ctx.app.api, 'organiser', 'Conference Secretariat');
  });

  it('creates an event with every detail, the country code upper-cased, and its creator as organiser', async () => {
    const slug = unique('cosom');
    const title = 'International Conference on Countering the Smuggling of Migrants';
    const details = {
      description: 'Two days of plenaries and workshops.',
      startDate: '2025-11-26',
      endDate: '2025-11-27',
      timezone: 'Asia/Karachi',
      venue: 'Convention Centre',
      city: 'Islamabad',
      capacity: 250,
      approvalRequired: true,
      inviteOnly: true,
    };
    const response = await organiser.api.post('/events', {
      ...details,
      slug,
      title: `  ${title} `,
      countryCode: 'pk',
      registrationOpensAt: '2025-10-01T09:00:00+05:00',
      registrationClosesAt: '2025-11-20T17:00:00+05:00',
    });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      ...details,
      id: expect.any(String),
      slug,
      title,
      countryCode: 'PK',
      registrationOpensAt: '2025-10-01T04:00:00.000Z',
      registrationClosesAt: '2025-11-20T12:00:00.000Z',
      status: 'draft',
      seriesId: null,
      seriesPosition: null,
      // Issue 18: what registrants are asked for (nothing unless the organiser says so).
      asksPhoto: false,
      asksPassport: false,
      partners: { host: [], co_organiser: [], funder: [], partner: [] },
    });
    const { rows } = await ctx.db.query('SELECT role FROM event_role WHERE event_id = $1 AND user_id = $2', [
      response.body.id,
      organiser.id,
    ]);
    expect(rows).toEqual([{ role: 'organiser' }]);
  });

  it('keeps slugs unique: 409 SLUG_TAKEN on create and on rename', async () => {
    const first = await createEvent(organiser.api);
    const second = await createEvent(organiser.api);
    const taken = await organiser.api.post('/events', {
      slug: first.slug,
      title: 'Copy',
      startDate: '2025-11-26',
      endDate: '2025-11-26',
      timezone: 'UTC',
    });
    expect([taken.status, taken.body.code]).toEqual([409, 'SLUG_TAKEN']);
    const renamed = await organiser.api.patch(`/events/${second.id}`, { slug: first.slug });
    expect([renamed.status, renamed.body.code]).toEqual([409, 'SLUG_TAKEN']);
  });

  it('updates any field; null clears an optional one and is refused for a required one', async () => {
    const event = await createEvent(organiser.api, { venue: 'Old venue', capacity: 100 });
    const updated = await organiser.api.patch(`/events/${event.id}`, {
      venue: null,
      capacity: 0,
      city: 'Islamabad',
      endDate: '2025-11-28',
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ venue: null, capacity: 0, city: 'Islamabad', endDate: '2025-11-28', title: event.title });
    const cleared = await organiser.api.patch(`/events/${event.id}`, { title: null });
    expect([cleared.status, cleared.body.details[0].field]).toEqual([400, 'title']);
    const status = await organiser.api.patch(`/events/${event.id}`, { status: 'published' });
    expect([status.status, status.body.details[0]]).toEqual([400, { field: 'status', message: 'should not exist' }]);
  });

  it('goes from draft to published to closed, and not backwards', async () => {
    const event = await createEvent(organiser.api);
    const early = await organiser.api.post(`/events/${event.id}/close`);
    expect([early.status, early.body.code]).toEqual([409, 'INVALID_STATUS_CHANGE']);
    expect((await organiser.api.post(`/events/${event.id}/publish`)).body.status).toBe('published');
    expect((await organiser.api.post(`/events/${event.id}/publish`)).status).toBe(200);
    expect((await organiser.api.post(`/events/${event.id}/close`)).body.status).toBe('closed');
    const reopen = await organiser.api.post(`/events/${event.id}/publish`);
    expect([reopen.status, reopen.body.code]).toEqual([409, 'INVALID_STATUS_CHANGE']);
    expect((await ctx.app.api.get(`/events/${event.slug}`)).body.status).toBe('closed');
  });

  it('lists events page by page, newest first', async () => {
    const lister = await createUser(ctx.app.api, 'organiser');
    for (const startDate of ['2031-03-01', '2031-02-01', '2031-01-01']) await createEvent(lister.api, { startDate, endDate: startDate });
    const first = await lister.api.get('/events?page=1&pageSize=2');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ page: 1, pageSize: 2 });
    expect(first.body.items.map((item: any) => item.startDate)).toEqual(['2031-03-01', '2031-02-01']);
    const second = await lister.api.get('/events?page=2&pageSize=2');
    expect(second.body.items[0].startDate).toBe('2031-01-01');
    expect(second.body.total).toBe(first.body.total);
    expect(first.body.items[0]).not.toHaveProperty('partners');
    for (const query of ['pageSize=501', 'page=0', 'page=x']) expect((await lister.api.get(`/events?${query}`)).status).toBe(400);
  });

  it('adds partners by role, reusing organisations found by name or acronym, and removes them', async () => {
    const event = await createEvent(organiser.api);
    const iom = { name: 'International Organization for Migration', acronym: 'IOM', kind: 'un_agency' };
    const added = await organiser.api.post(`/events/${event.id}/partners`, { organisation: iom, role: 'co_organiser' });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ role: 'co_organiser', organisation: { ...iom, countryCode: null } });
    const again = await organiser.api.post(`/events/${event.id}/partners`, {
      organisation: { name: 'INTERNATIONAL ORGANIZATION FOR MIGRATION', kind: 'un_agency' },
      role: 'co_organiser',
    });
    expect([again.status, again.body.code]).toEqual([409, 'PARTNER_EXISTS']);
    const asFunder = await organiser.api.post(`/events/${event.id}/partners`, {
      organisation: { name: 'iom', kind: 'un_agency', countryCode: 'ch' },
      role: 'funder',
    });
    expect(asFunder.body.organisation).toEqual({ ...added.body.organisation, countryCode: 'CH' }); // the same organisation, its blank country filled in

    const partners = await organiser.api.get(`/events/${event.id}/partners`);
    expect(partners.body.co_organiser.map((partner: any) => partner.id)).toEqual([added.body.id]);
    expect(partners.body.funder.map((partner: any) => partner.id)).toEqual([asFunder.body.id]);
    expect((await organiser.api.delete(`/events/${event.id}/partners/${added.body.id}`)).status).toBe(204);
    expect((await organiser.api.get(`/events/${event.id}`)).body.partners.co_organiser).toEqual([]);
    expect((await organiser.api.delete(`/events/${event.id}/partners/${added.body.id}`)).status).toBe(404);
  });

  it('manages speakers: emails normalised, listed by precedence for organisers, fields cleared with null', async () => {
    const event = await createEvent(organiser.api);
    await createSpeaker(organiser.api, event.id, { fullName: 'No Rank' });
    const sato = await createSpeaker(organiser.api, event.id, {
      honorific: 'Ms',
      fullName: 'Mio Sato',
      email: ' Mio.Sato@Example.org ',
      precedence: 5,
      bio: 'Chief of Mission',
    });
    await createSpeaker(organiser.api, event.id, { honorific: 'Ambassador', fullName: 'Nabeel Munir', precedence: 2 });
    expect(sato.email).toBe('mio.sato@example.org');
    const list = await organiser.api.get(`/events/${event.id}/speakers`);
    expect(list.body.map((speaker: any) => speaker.fullName)).toEqual(['Nabeel Munir', 'Mio Sato', 'No Rank']);
    const patched = await organiser.api.patch(`/speakers/${sato.id}`, {
      bio: null,
      precedence: 1,
      position: 'IOM Pakistan Chief of Mission',
    });
    expect(patched.body).toMatchObject({
      bio: null,
      precedence: 1,
      position: 'IOM Pakistan Chief of Mission',
      email: 'mio.sato@example.org',
    });
    const noName = await organiser.api.patch(`/speakers/${sato.id}`, { fullName: null });
    expect([noName.status, noName.body.details[0].field]).toEqual([400, 'fullName']);
  });

  describe('bad input is refused with 400 naming the field', () => {
    let event: any;
    const long = 'x'.repeat(10_000);
    const valid = { slug: 'valid-slug', title: 'Valid', startDate: '2025-11-26', endDate: '2025-11-27', timezone: 'Asia/Karachi' };
    const session = { title: 'Panel', kind: 'panel', startsAt: '2025-11-26T11:00:00+05:00', endsAt: '2025-11-26T12:30:00+05:00' };

    beforeAll(async () => {
      event = await createEvent(organiser.api, { startDate: '2025-11-26', endDate: '2025-11-27', timezone: 'Asia/Karachi' });
    });

    const cases: [string, string, () => [string, string, unknown]][] = [
      ['an unknown time zone', 'timezone', () => ['POST', '/events', { ...valid, timezone: 'Asia/Islamabad' }]],
      [
        'an end date before the start date',
        'endDate',
        () => ['POST', '/events', { ...valid, startDate: '2025-11-27', endDate: '2025-11-26' }],
      ],
      ['a date that does not exist', 'startDate', () => ['POST', '/events', { ...valid, startDate: '2025-02-30' }]],
      ['a 10,000-character event title', 'title', () => ['POST', '/events', { ...valid, title: long }]],
      ['a country code that is not ISO 3166-1 alpha-2', 'countryCode', () => ['POST', '/events', { ...valid, countryCode: 'XX' }]],
      ['a negative capacity', 'capacity', () => ['POST', '/events', { ...valid, capacity: -1 }]],
      [
        'registration closing before it opens',
        'registrationClosesAt',
        () => ['POST', '/events', { ...valid, registrationOpensAt: '2025-11-01T09:00:00Z', registrationClosesAt: '2025-10-01T09:00:00Z' }],
      ],
      [
        'a registration time without offset',
        'registrationOpensAt',
        () => ['POST', '/events', { ...valid, registrationOpensAt: '2025-11-01T09:00:00' }],
      ],
      ['an unknown series', 'seriesId', () => ['POST', '/events', { ...valid, seriesId: '00000000-0000-4000-8000-000000000000' }]],
      ['an end date before the start date, by update', 'endDate', () => ['PATCH', `/events/${event.id}`, { endDate: '2025-11-01' }]],
      ['an unknown time zone, by update', 'timezone', () => ['PATCH', `/events/${event.id}`, { timezone: 'Mars/Olympus_Mons' }]],
      [
        'a partner organisation with a bad country code',
        'organisation.countryCode',
        () => [
          'POST',
          `/events/${event.id}/partners`,
          { organisation: { name: 'Somewhere', kind: 'ngo', countryCode: 'ZZ' }, role: 'partner' },
        ],
      ],
      [
        'a partner organisation of an unknown kind',
        'organisation.kind',
        () => ['POST', `/events/${event.id}/partners`, { organisation: { name: 'Somewhere', kind: 'club' }, role: 'partner' }],
      ],
      [
        'an unknown partner role',
        'role',
        () => ['POST', `/events/${event.id}/partners`, { organisation: { name: 'Somewhere', kind: 'ngo' }, role: 'sponsor' }],
      ],
      ['an unknown session kind', 'kind', () => ['POST', `/events/${event.id}/sessions`, { ...session, kind: 'cocktail' }]],
      ['a 10,000-character session title', 'title', () => ['POST', `/events/${event.id}/sessions`, { ...session, title: long }]],
      [
        'a session ending before it starts',
        'endsAt',
        () => ['POST', `/events/${event.id}/sessions`, { ...session, endsAt: '2025-11-26T10:00:00+05:00' }],
      ],
      [
        'a session ending when it starts',
        'endsAt',
        () => ['POST', `/events/${event.id}/sessions`, { ...session, endsAt: session.startsAt }],
      ],
      [
        'a session before the event’s first day (local time)',
        'startsAt',
        () => ['POST', `/events/${event.id}/sessions`, { ...session, startsAt: '2025-11-25T23:30:00+05:00' }],
      ],
      [
        'a session after the event’s last day (local time)',
        'endsAt',
        () => [
          'POST',
          `/events/${event.id}/sessions`,
          { ...session, startsAt: '2025-11-27T23:00:00+05:00', endsAt: '2025-11-28T00:30:00+05:00' },
        ],
      ],
      [
        'a session start without offset',
        'startsAt',
        () => ['POST', `/events/${event.id}/sessions`, { ...session, startsAt: '2025-11-26T11:00:00' }],
      ],
      ['a 10,000-character speaker name', 'fullName', () => ['POST', `/events/${event.id}/speakers`, { fullName: long }]],
      [
        'a speaker email that is not one',
        'email',
        () => ['POST', `/events/${event.id}/speakers`, { fullName: 'A', email: 'not-an-email' }],
      ],
      ['a 10,000-character series name', 'name', () => ['POST', '/series', { name: long }]],
    ];

    it.each(cases)('%s → %s', async (_what, field, request) => {
      const [method, path, body] = request();
      const response = await organiser.api.request<any>(method, path, body);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.details.map((detail: any) => detail.field)).toContain(field);
    });

    it('accepts a session at the very edges of the event’s days, in its time zone', async () => {
      const first = await createSession(organiser.api, event.id, {
        title: 'Midnight start',
        startsAt: '2025-11-26T00:00:00+05:00',
        endsAt: '2025-11-26T01:00:00+05:00',
      });
      const last = await createSession(organiser.api, event.id, {
        title: 'Until midnight',
        startsAt: '2025-11-27T23:00:00+05:00',
        endsAt: '2025-11-27T19:00:00Z',
      });
      expect([first.startsAt, last.endsAt]).toEqual(['2025-11-26T00:00:00+05:00', '2025-11-28T00:00:00+05:00']);
      const moved = await organiser.api.patch(`/sessions/${first.id}`, { startsAt: '2025-11-25T18:59:00Z' });
      expect([moved.status, moved.body.details[0].field]).toEqual([400, 'startsAt']);
      expectStatus(await organiser.api.delete(`/sessions/${first.id}`), 204, 'delete');
      expect((await organiser.api.delete(`/sessions/${first.id}`)).status).toBe(404);
    });
  });
});
