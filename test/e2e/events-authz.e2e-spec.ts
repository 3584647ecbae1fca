import { useApp } from '../support/context';
import { createEvent, createSession, createSpeaker, createUser, expectStatus, loginAsAdmin, TestUser } from '../support/factories';
import { ApiClient } from '../support/http';

/**
 * Who may call every route of events and the agenda: anonymous callers, a delegate's plain account, the
 * organiser of another event, the rapporteur of this event, its organiser and an administrator, on a
 * draft and on a published event. Drafts do not exist for outsiders (404); published events do, so
 * outsiders get 403 where they lack the role; anonymous callers get 401 wherever a role is needed.
 */
const ACTORS = ['anonymous', 'delegate', 'otherOrganiser', 'rapporteur', 'organiser', 'admin'] as const;
const STATES = ['draft', 'published'] as const;
type Actor = (typeof ACTORS)[number];
type State = (typeof STATES)[number];
type Expected = number | Record<State, number>;

interface World {
  event: any;
  session: any;
  speaker: any;
  partner: any;
  seriesId: string;
}

interface Route {
  name: string;
  /** Changes state: runs on a world of its own. */
  writes: boolean;
  call(api: ApiClient, world: World): Promise<{ status: number }>;
  expected: Record<Actor, Expected>;
}

const outsider = { draft: 404, published: 403 };
/** Organisers of this event (and admins) only. */
const organisersOnly = (success: Expected): Record<Actor, Expected> => ({
  anonymous: 401,
  delegate: outsider,
  otherOrganiser: outsider,
  rapporteur: 403,
  organiser: success,
  admin: success,
});
/** Anyone once published; the event's team (and admins) while a draft. */
const publicOncePublished: Record<Actor, Expected> = {
  anonymous: { draft: 404, published: 200 },
  delegate: { draft: 404, published: 200 },
  otherOrganiser: { draft: 404, published: 200 },
  rapporteur: 200,
  organiser: 200,
  admin: 200,
};
/** Accounts with the organiser (or admin) role. */
const organiserAccounts = (success: number): Record<Actor, Expected> => ({
  anonymous: 401,
  delegate: 403,
  otherOrganiser: success,
  rapporteur: 403,
  organiser: success,
  admin: success,
});
const everyone = (status: number): Record<Actor, Expected> => ({
  anonymous: status,
  delegate: status,
  otherOrganiser: status,
  rapporteur: status,
  organiser: status,
  admin: status,
});

const newSession = { title: 'Side event', kind: 'side_event', startsAt: '2025-11-27T16:00:00+05:00', endsAt: '2025-11-27T17:00:00+05:00' };

const ROUTES: Route[] = [
  {
    name: 'POST /events',
    writes: false,
    call: (api) =>
      api.post('/events', {
        slug: `authz-${Math.random().toString(36).slice(2, 10)}`,
        title: 'New event',
        startDate: '2026-01-10',
        endDate: '2026-01-10',
        timezone: 'Asia/Karachi',
      }),
    expected: organiserAccounts(201),
  },
  { name: 'GET /events', writes: false, call: (api) => api.get('/events'), expected: everyone(200) },
  { name: 'GET /events/:id', writes: false, call: (api, w) => api.get(`/events/${w.event.id}`), expected: publicOncePublished },
  { name: 'GET /events/:slug', writes: false, call: (api, w) => api.get(`/events/${w.event.slug}`), expected: publicOncePublished },
  {
    name: 'PATCH /events/:id',
    writes: true,
    call: (api, w) => api.patch(`/events/${w.event.id}`, { venue: 'Convention Centre' }),
    expected: organisersOnly(200),
  },
  {
    name: 'POST /events/:id/publish',
    writes: true,
    call: (api, w) => api.post(`/events/${w.event.id}/publish`),
    expected: organisersOnly(200),
  },
  // Closing a draft is refused (409): only a published event can close.
  {
    name: 'POST /events/:id/close',
    writes: true,
    call: (api, w) => api.post(`/events/${w.event.id}/close`),
    expected: organisersOnly({ draft: 409, published: 200 }),
  },
  {
    name: 'POST /events/:id/partners',
    writes: true,
    call: (api, w) =>
      api.post(`/events/${w.event.id}/partners`, {
        organisation: { name: 'International Criminal Police Organization', acronym: 'INTERPOL', kind: 'intergovernmental' },
        role: 'partner',
      }),
    expected: organisersOnly(201),
  },
  {
    name: 'GET /events/:id/partners',
    writes: false,
    call: (api, w) => api.get(`/events/${w.event.id}/partners`),
    expected: publicOncePublished,
  },
  {
    name: 'DELETE /events/:id/partners/:partnerId',
    writes: true,
    call: (api, w) => api.delete(`/events/${w.event.id}/partners/${w.partner.id}`),
    expected: organisersOnly(204),
  },
  { name: 'POST /series', writes: false, call: (api) => api.post('/series', { name: 'A new series' }), expected: organiserAccounts(201) },
  { name: 'GET /series/:id', writes: false, call: (api, w) => api.get(`/series/${w.seriesId}`), expected: everyone(200) },
  {
    name: 'POST /events/:id/sessions',
    writes: true,
    call: (api, w) => api.post(`/events/${w.event.id}/sessions`, newSession),
    expected: organisersOnly(201),
  },
  {
    name: 'PATCH /sessions/:id',
    writes: true,
    call: (api, w) => api.patch(`/sessions/${w.session.id}`, { room: 'Room 2' }),
    expected: organisersOnly(200),
  },
  { name: 'DELETE /sessions/:id', writes: true, call: (api, w) => api.delete(`/sessions/${w.session.id}`), expected: organisersOnly(204) },
  {
    name: 'POST /events/:id/speakers',
    writes: true,
    call: (api, w) => api.post(`/events/${w.event.id}/speakers`, { fullName: 'Mio Sato' }),
    expected: organisersOnly(201),
  },
  {
    name: 'GET /events/:id/speakers',
    writes: false,
    call: (api, w) => api.get(`/events/${w.event.id}/speakers`),
    expected: organisersOnly(200),
  },
  {
    name: 'PATCH /speakers/:id',
    writes: true,
    call: (api, w) => api.patch(`/speakers/${w.speaker.id}`, { precedence: 3 }),
    expected: organisersOnly(200),
  },
  { name: 'DELETE /speakers/:id', writes: true, call: (api, w) => api.delete(`/speakers/${w.speaker.id}`), expected: organisersOnly(204) },
  {
    name: 'PUT /sessions/:id/speakers',
    writes: true,
    call: (api, w) => api.put(`/sessions/${w.session.id}/speakers`, { speakers: [{ speakerId: w.speaker.id, role: 'chair' }] }),
    expected: organisersOnly(200),
  },
  {
    name: 'GET /events/:id/conflicts',
    writes: false,
    call: (api, w) => api.get(`/events/${w.event.id}/conflicts`),
    expected: organisersOnly(200),
  },
  {
    name: 'GET /events/:slug/agenda',
    writes: false,
    call: (api, w) => api.get(`/events/${w.event.slug}/agenda`),
    expected: publicOncePublished,
  },
  {
    name: 'GET /events/:id/agenda.ics',
    writes: false,
    call: (api, w) => api.get(`/events/${w.event.id}/agenda.ics`),
    expected: publicOncePublished,
  },
];

const statusFor = (expected: Expected, state: State) => (typeof expected === 'number' ? expected : expected[state]);

describe('Authorisation of every events and agenda route', () => {
  const ctx = useApp();
  const clients = {} as Record<Actor, ApiClient>;
  let organiser: TestUser;
  let rapporteur: TestUser;
  let seriesId: string;
  const shared = {} as Record<State, World>;

  /** An event of the organiser, with the rapporteur, a partner, a speaker and a session; published or not. */
  async function buildWorld(state: State): Promise<World> {
    const event = await createEvent(organiser.api, { seriesId });
    expectStatus(
      await organiser.api.put(`/events/${event.id}/roles`, { email: rapporteur.email, role: 'rapporteur' }),
      200,
      'grant rapporteur',
    );
    const partner = expectStatus(
      await organiser.api.post(`/events/${event.id}/partners`, {
        organisation: { name: 'European Union', acronym: 'EU', kind: 'intergovernmental' },
        role: 'funder',
      }),
      201,
      'partner',
    );
    const speaker = await createSpeaker(organiser.api, event.id, { fullName: 'Philipp Oliver Gross', email: 'speaker@example.org' });
    const session = await createSession(organiser.api, event.id, {
      title: 'Opening session',
      kind: 'opening',
      startsAt: '2025-11-26T09:30:00+05:00',
      endsAt: '2025-11-26T10:30:00+05:00',
    });
    if (state === 'published') expectStatus(await organiser.api.post(`/events/${event.id}/publish`), 200, 'publish');
    return { event, session, speaker, partner, seriesId };
  }

  beforeAll(async () => {
    const api = ctx.app.api;
    organiser = await createUser(api, 'organiser', 'Organiser of this event');
    rapporteur = await createUser(api, 'member', 'Rapporteur of this event');
    const delegate = await createUser(api, 'member', 'Delegate');
    const otherOrganiser = await createUser(api, 'organiser', 'Organiser of another event');
    await createEvent(otherOrganiser.api);
    Object.assign(clients, {
      anonymous: api,
      delegate: delegate.api,
      otherOrganiser: otherOrganiser.api,
      rapporteur: rapporteur.api,
      organiser: organiser.api,
      admin: api.as(await loginAsAdmin(api)),
    });
    seriesId = expectStatus(await organiser.api.post('/series', { name: 'Authorisation series' }), 201, 'series').id;
    for (const state of STATES) shared[state] = await buildWorld(state);
  });

  const cases = ROUTES.flatMap((route) =>
    STATES.flatMap((state) => ACTORS.map((actor) => ({ route, state, actor, status: statusFor(route.expected[actor], state) }))),
  );

  it.each(cases)('$route.name as $actor on a $state event → $status', async ({ route, state, actor, status }) => {
    const world = route.writes ? await buildWorld(state) : shared[state];
    const response = await route.call(clients[actor], world);
    expect({ status: response.status }).toEqual({ status });
  });

  it.each(ACTORS.map((actor) => ({ actor, listed: ['rapporteur', 'organiser', 'admin'].includes(actor) })))(
    'GET /events as $actor lists the draft: $listed, the published event: true',
    async ({ actor, listed }) => {
      const ids: string[] = [];
      for (let page = 1, total = Infinity; ids.length < total; page++) {
        const response = await clients[actor].get(`/events?page=${page}&pageSize=100`);
        total = response.body.total;
        ids.push(...response.body.items.map((item: any) => item.id));
      }
      expect({ draft: ids.includes(shared.draft.event.id), published: ids.includes(shared.published.event.id) }).toEqual({
        draft: listed,
        published: true,
      });
    },
  );

  it('a bad token is refused with 401 even on public routes', async () => {
    const forged = ctx.app.api.as('not.a.token');
    expect((await forged.get(`/events/${shared.published.event.slug}/agenda`)).status).toBe(401);
    expect((await forged.get('/events')).status).toBe(401);
  });

  it('unknown or malformed ids are 404, for organisers too', async () => {
    const api = clients.organiser;
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const path of [`/sessions/${unknown}`, '/sessions/nope', `/speakers/${unknown}`])
      expect((await api.patch(path, {})).status).toBe(404);
    expect((await api.get(`/events/${unknown}/agenda`)).status).toBe(404);
    expect((await api.get(`/series/${unknown}`)).status).toBe(404);
    expect((await api.delete(`/events/${shared.draft.event.id}/partners/${unknown}`)).status).toBe(404);
  });
});
