import { useApp } from '../support/context';
import { bookSpeakers, createSession, createSpeaker, createUser, expectStatus, TestUser } from '../support/factories';
import { rawGet } from '../support/http';
import { parseIcs } from '../support/ics';
import { conference, karachi, organisations, sessions, SpeakerKey, speakers } from '../fixtures/islamabad-2025';

/**
 * The Islamabad conference, built through the HTTP API alone, as an organiser would: the series it belongs
 * to, the event with its host, co-organisers and funders, its speakers with their protocol rank, its
 * sessions and who speaks where. Then anyone reads the agenda back, as JSON and as a calendar.
 */
describe('The Islamabad conference agenda', () => {
  const ctx = useApp();
  let organiser: TestUser;
  let event: any;
  let seriesId: string;
  const sessionIds = new Map<string, string>();

  beforeAll(async () => {
    organiser = await createUser(ctx.app.api, 'organiser', 'Protocol Officer');
    const api = organiser.api;
    seriesId = expectStatus(
      await api.post('/series', { name: 'Countering the smuggling of migrants: Pakistan and partners' }),
      201,
      'series',
    ).id;
    // The dates of the 2024 workshop and the Brussels conference are not in the record: sample dates.
    const workshop = expectStatus(
      await api.post('/events', {
        slug: 'rcw-som-2024',
        title: 'Regional Cooperation Workshop on Countering the Smuggling of Migrants',
        startDate: '2024-06-11',
        endDate: '2024-06-12',
        timezone: 'Asia/Karachi',
        seriesId,
        seriesPosition: 1,
      }),
      201,
      'workshop',
    );
    expectStatus(
      await api.post('/events', {
        slug: 'global-alliance-brussels-2025',
        title: 'Second International Conference of the Global Alliance to Counter Migrant Smuggling',
        startDate: '2025-12-10',
        endDate: '2025-12-10',
        timezone: 'Europe/Brussels',
        city: 'Brussels',
        countryCode: 'BE',
        seriesId,
        seriesPosition: 3,
      }),
      201,
      'brussels',
    );

    const { partners, ...details } = conference;
    event = expectStatus(
      await api.post('/events', { ...details, venue: 'Islamabad (venue: sample)', seriesId, seriesPosition: 2 }),
      201,
      'conference',
    );
    for (const partner of partners) {
      expectStatus(
        await api.post(`/events/${event.id}/partners`, { organisation: organisations[partner.org], role: partner.role }),
        201,
        `partner ${partner.org}`,
      );
    }
    // The organiser of the earlier workshop types UNODC's acronym, in lower case.
    expectStatus(
      await api.post(`/events/${workshop.id}/partners`, { organisation: { name: 'unodc', kind: 'un_agency' }, role: 'host' }),
      201,
      'workshop host',
    );
    expectStatus(await api.post(`/events/${workshop.id}/publish`), 200, 'publish workshop');
    const speakerIds = {} as Record<SpeakerKey, string>;
    for (const [key, speaker] of Object.entries(speakers)) speakerIds[key] = (await createSpeaker(api, event.id, speaker)).id;
    for (const session of sessions) {
      const created = await createSession(api, event.id, {
        title: session.title,
        kind: session.kind,
        room: session.room,
        startsAt: karachi(session.day, session.start),
        endsAt: karachi(session.day, session.end),
      });
      sessionIds.set(session.title, created.id);
      if (session.speakers)
        await bookSpeakers(
          api,
          created.id,
          session.speakers.map((entry) => ({ speakerId: speakerIds[entry.key], role: entry.role })),
        );
    }
    expectStatus(await api.post(`/events/${event.id}/publish`), 200, 'publish conference');
  });

  it('is public once published, with its host, co-organisers and funders by role', async () => {
    const response = await ctx.app.api.get(`/events/${conference.slug}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: event.id,
      status: 'published',
      timezone: 'Asia/Karachi',
      startDate: '2025-11-26',
      endDate: '2025-11-27',
      countryCode: 'PK',
      seriesId,
    });
    const acronyms = (role: string) => response.body.partners[role].map((partner: any) => partner.organisation.acronym);
    expect(acronyms('host')).toEqual(['GoP']);
    expect(acronyms('co_organiser')).toEqual(['UNODC', 'IOM']);
    expect(acronyms('funder')).toEqual(['Migration MPTF', 'EU']);
    expect(acronyms('partner')).toEqual([]);
  });

  it('reuses organisations: UNODC, named "unodc" at the 2024 workshop, is one organisation', async () => {
    const { rows } = await ctx.db.query(
      "SELECT count(*)::int AS count FROM organisation WHERE lower(acronym) = 'unodc' OR lower(name) = 'unodc'",
    );
    expect(rows[0].count).toBe(1);
    const workshop = await ctx.app.api.get('/events/rcw-som-2024');
    const conferenceEvent = await ctx.app.api.get(`/events/${conference.slug}`);
    expect(workshop.body.partners.host[0].organisation.id).toBe(conferenceEvent.body.partners.co_organiser[0].organisation.id);
  });

  it('belongs to a series: the public sees the published events in order, the organiser also the draft', async () => {
    const slugs = (body: any) => body.events.map((item: any) => item.slug);
    const anonymous = await ctx.app.api.get(`/series/${seriesId}`);
    expect(anonymous.status).toBe(200);
    expect(slugs(anonymous.body)).toEqual(['rcw-som-2024', conference.slug]);
    expect(slugs((await organiser.api.get(`/series/${seriesId}`)).body)).toEqual([
      'rcw-som-2024',
      conference.slug,
      'global-alliance-brussels-2025',
    ]);
  });

  it('has two days in Asia/Karachi, sessions in time order, with local times', async () => {
    const response = await ctx.app.api.get(`/events/${conference.slug}/agenda`);
    expect(response.status).toBe(200);
    expect(response.body.event).toMatchObject({ slug: conference.slug, title: conference.title });
    expect(response.body.days.map((day: any) => day.date)).toEqual(['2025-11-26', '2025-11-27']);
    expect(response.body.days.map((day: any) => day.sessions.map((session: any) => session.title))).toEqual([
      sessions.filter((session) => session.day === '2025-11-26').map((session) => session.title),
      sessions.filter((session) => session.day === '2025-11-27').map((session) => session.title),
    ]);
    const opening = response.body.days[0].sessions[0];
    expect(opening).toMatchObject({
      kind: 'opening',
      room: 'Main hall',
      startsAt: '2025-11-26T09:30:00+05:00',
      endsAt: '2025-11-26T10:30:00+05:00',
    });
  });

  it('lists the opening speakers in protocol order: foreign secretary, EU deputy head, UNODC, IOM', async () => {
    const response = await ctx.app.api.get(`/events/${event.id}/agenda`);
    const opening = response.body.days[0].sessions[0];
    expect(
      opening.speakers.map(({ role, honorific, fullName, position, organisation }: any) => ({
        role,
        honorific,
        fullName,
        position,
        organisation,
      })),
    ).toEqual(
      (['munir', 'gross', 'stolpe', 'sato'] as const).map((key) => {
        const { precedence: _precedence, ...shown } = speakers[key];
        return { role: 'speaker', ...shown };
      }),
    );
    expect(JSON.stringify(response.body)).not.toMatch(/email|bio/);
  });

  it('closes with the state minister’s keynote, before the other closing remarks', async () => {
    const response = await ctx.app.api.get(`/events/${conference.slug}/agenda`);
    const closing = response.body.days[1].sessions.at(-1);
    expect(closing).toMatchObject({ kind: 'closing', title: 'Closing session', startsAt: '2025-11-27T14:30:00+05:00' });
    expect(closing.speakers.map((speaker: any) => [speaker.role, speaker.fullName])).toEqual([
      ['keynote', 'Talal Chaudhry'],
      ['speaker', 'Philippe Grandet'],
    ]);
  });

  it('exports an iCalendar that an independent parser reads: one VEVENT per session, at the right UTC instants', async () => {
    const response = await ctx.app.api.get(`/events/${conference.slug}/agenda.ics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const vevents = await parseIcs(response.text);
    expect(vevents).toHaveLength(sessions.length);
    for (const session of sessions) {
      const vevent = vevents.find((candidate) => candidate.uid === `${sessionIds.get(session.title)}@plenary`);
      expect(vevent).toMatchObject({
        summary: session.title,
        start: new Date(karachi(session.day, session.start)).toISOString(),
        end: new Date(karachi(session.day, session.end)).toISOString(),
      });
    }
    const opening = vevents.find((vevent) => vevent.summary === 'Opening session')!;
    expect(opening.start).toBe('2025-11-26T04:30:00.000Z');
    expect(opening.location).toBe('Main hall, Islamabad (venue: sample), Islamabad');
    expect(opening.description!.split('\n')[0]).toBe(
      'Ambassador Nabeel Munir, Acting Foreign Secretary, Ministry of Foreign Affairs (speaker)',
    );
    // The same document twice: UIDs are stable.
    expect((await parseIcs((await ctx.app.api.get(`/events/${conference.slug}/agenda.ics`)).text)).map((vevent) => vevent.uid)).toEqual(
      vevents.map((vevent) => vevent.uid),
    );
  });

  it('serves repeated reads from memory, and shows a change at once', async () => {
    await ctx.app.api.get(`/events/${conference.slug}/agenda`);
    const cached = await ctx.app.api.get(`/events/${conference.slug}/agenda`);
    expect(cached.headers.get('x-agenda-cache')).toBe('hit');
    expect(cached.headers.get('x-content-type-options')).toBe('nosniff');

    // Browsers ask for gzip and get it (fetch decompresses it); clients that do not ask get plain JSON.
    expect(cached.headers.get('content-encoding')).toBe('gzip');
    expect(cached.headers.get('vary')).toBe('accept-encoding');
    const plain = await rawGet(`${ctx.app.api.baseUrl}/events/${conference.slug}/agenda`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(plain.body)).toEqual(cached.body);

    const renamed = await organiser.api.patch(`/sessions/${sessionIds.get('Coffee break')}`, { title: 'Coffee break and family photo' });
    expect(renamed.status).toBe(200);
    const after = await ctx.app.api.get(`/events/${conference.slug}/agenda`);
    expect(after.headers.get('x-agenda-cache')).toBeNull();
    expect(after.body.days[0].sessions[1].title).toBe('Coffee break and family photo');
    const calendar = await parseIcs((await ctx.app.api.get(`/events/${conference.slug}/agenda.ics`)).text);
    expect(calendar.map((vevent) => vevent.summary)).toContain('Coffee break and family photo');
  });

  it('rechecks a stale entry in the database: unchanged, it is served from memory again; changed by another instance, the change shows', async () => {
    const agenda = `/events/${conference.slug}/agenda`;
    const untilStale = () => new Promise((done) => setTimeout(done, 2_100)); // AGENDA_CACHE_SECONDS is 2
    await ctx.app.api.get(agenda);
    await untilStale();
    const rechecked = await Promise.all([1, 2, 3].map(() => ctx.app.api.get(agenda)));
    expect(rechecked.map((response) => response.headers.get('x-agenda-cache'))).toEqual(['hit', 'hit', 'hit']);

    // Another instance on the same database renames a session (and bumps the revision); this one is not told.
    const panel = sessionIds.get('Emerging trends in migrant smuggling');
    await ctx.db.query("UPDATE session SET title = 'Emerging trends (renamed elsewhere)' WHERE id = $1", [panel]);
    await ctx.db.query('UPDATE event SET revision = revision + 1 WHERE id = $1', [event.id]);
    await untilStale();
    const after = await ctx.app.api.get(agenda);
    expect(after.headers.get('x-agenda-cache')).toBeNull();
    expect(after.body.days[0].sessions.map((session: any) => session.title)).toContain('Emerging trends (renamed elsewhere)');
  });
});
