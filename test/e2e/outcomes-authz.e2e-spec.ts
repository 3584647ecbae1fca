import { useApp } from '../support/context';
import { createPublishedEvent, createUser, expectStatus, TestUser } from '../support/factories';
import { ApiClient } from '../support/http';
import { createOutcome, download, outcomeStep } from '../support/outcomes';

/**
 * Who may call every outcomes route: anonymous callers, a delegate's plain account, the rapporteur of
 * another event, this event's rapporteur and its organiser, on a draft and on a published document (of a
 * published event). Drafts do not exist for outsiders (404); published documents are public to read,
 * and outsiders get 403 where a role is needed; anonymous callers get 401 wherever a token is needed.
 */
const ACTORS = ['anonymous', 'delegate', 'otherRapporteur', 'rapporteur', 'organiser'] as const;
const STATES = ['draft', 'published'] as const;
type Actor = (typeof ACTORS)[number];
type State = (typeof STATES)[number];
type Expected = number | Record<State, number>;

interface World {
  eventId: string;
  seriesId: string;
  document: any;
  commitmentId: string;
}

interface Route {
  name: string;
  writes: boolean;
  call(api: ApiClient, world: World, baseUrl: string, token?: string): Promise<{ status: number }>;
  expected: Record<Actor, Expected>;
}

const hidden = { draft: 404, published: 200 };
/** The event's outcome team; outsiders: 404 on a draft, 403 once published; anonymous callers 401 (these routes need a token). */
const team = (success: Expected): Record<Actor, Expected> => ({
  anonymous: 401,
  delegate: { draft: 404, published: 403 },
  otherRapporteur: { draft: 404, published: 403 },
  rapporteur: success,
  organiser: success,
});
/** Organisers decide; the rapporteur is refused (403). */
const organisers = (success: Expected): Record<Actor, Expected> => ({ ...team(success), rapporteur: 403 });
const publicOncePublished = (teamStatus: Expected): Record<Actor, Expected> => ({
  anonymous: hidden,
  delegate: hidden,
  otherRapporteur: hidden,
  rapporteur: teamStatus,
  organiser: teamStatus,
});
const everyone = (status: number): Record<Actor, Expected> => ({
  anonymous: status,
  delegate: status,
  otherRapporteur: status,
  rapporteur: status,
  organiser: status,
});

const commitments = (world: World) => ({
  commitments: [{ id: world.commitmentId, theme: 'cooperation', text: 'Map national and regional challenges.', status: 'in_progress' }],
});

const ROUTES: Route[] = [
  {
    name: 'POST /events/:id/outcomes',
    writes: false,
    call: (api, w) => api.post(`/events/${w.eventId}/outcomes`, { title: 'Chair summary', kind: 'chair_summary', body: 'Text' }),
    expected: { anonymous: 401, delegate: 403, otherRapporteur: 403, rapporteur: 201, organiser: 201 },
  },
  { name: 'GET /events/:id/outcomes', writes: false, call: (api, w) => api.get(`/events/${w.eventId}/outcomes`), expected: everyone(200) },
  { name: 'GET /outcomes/:id', writes: false, call: (api, w) => api.get(`/outcomes/${w.document.id}`), expected: publicOncePublished(200) },
  {
    name: 'POST /outcomes/:id/versions',
    writes: true,
    call: (api, w) => api.post(`/outcomes/${w.document.id}/versions`, { body: 'Edited', baseVersion: 1 }),
    expected: team(201),
  },
  {
    name: 'GET /outcomes/:id/versions',
    writes: false,
    call: (api, w) => api.get(`/outcomes/${w.document.id}/versions`),
    expected: team(200),
  },
  {
    name: 'GET /outcomes/:id/versions/:n',
    writes: false,
    call: (api, w) => api.get(`/outcomes/${w.document.id}/versions/1`),
    expected: team(200),
  },
  {
    name: 'GET /outcomes/:id/diff',
    writes: false,
    call: (api, w) => api.get(`/outcomes/${w.document.id}/diff?from=1&to=1`),
    expected: team(200),
  },
  {
    name: 'GET /outcomes/:id/commitments',
    writes: false,
    call: (api, w) => api.get(`/outcomes/${w.document.id}/commitments`),
    expected: publicOncePublished(200),
  },
  {
    name: 'PUT /outcomes/:id/commitments',
    writes: true,
    call: (api, w) => api.put(`/outcomes/${w.document.id}/commitments`, commitments(w)),
    expected: team(200),
  },
  // A published document cannot be submitted again (409); a draft cannot be published, withdrawn or returned without review (409).
  {
    name: 'POST /outcomes/:id/submit',
    writes: true,
    call: (api, w) => api.post(`/outcomes/${w.document.id}/submit`),
    expected: team({ draft: 200, published: 409 }),
  },
  {
    name: 'POST /outcomes/:id/publish',
    writes: true,
    call: (api, w) => api.post(`/outcomes/${w.document.id}/publish`),
    expected: organisers({ draft: 409, published: 200 }),
  },
  {
    name: 'POST /outcomes/:id/withdraw',
    writes: true,
    call: (api, w) => api.post(`/outcomes/${w.document.id}/withdraw`),
    expected: organisers({ draft: 409, published: 200 }),
  },
  {
    name: 'POST /outcomes/:id/return',
    writes: true,
    call: (api, w) => api.post(`/outcomes/${w.document.id}/return`, { comment: 'Needs work' }),
    expected: organisers(409),
  },
  {
    name: 'GET /outcomes/:id/document.pdf',
    writes: false,
    call: (_api, w, baseUrl, token) => download(baseUrl, `/outcomes/${w.document.id}/document.pdf`, token),
    expected: publicOncePublished({ draft: 404, published: 200 }),
  },
  {
    name: 'GET /series/:id/commitments',
    writes: false,
    call: (api, w) => api.get(`/series/${w.seriesId}/commitments`),
    expected: everyone(200),
  },
];

const statusFor = (expected: Expected, state: State) => (typeof expected === 'number' ? expected : expected[state]);

describe('Authorisation of every outcomes route', () => {
  const ctx = useApp();
  const users = {} as Record<Exclude<Actor, 'anonymous'>, TestUser>;
  const shared = {} as Record<State, World>;

  async function buildWorld(state: State): Promise<World> {
    const seriesId = expectStatus(await users.organiser.api.post('/series', { name: 'Authorisation series' }), 201, 'series').id;
    const eventId = (await createPublishedEvent(users.organiser.api, { seriesId })).id;
    expectStatus(
      await users.organiser.api.put(`/events/${eventId}/roles`, { email: users.rapporteur.email, role: 'rapporteur' }),
      200,
      'grant rapporteur',
    );
    const document = await createOutcome(users.rapporteur.api, eventId, { title: `A ${state} document` });
    const saved = expectStatus(
      await users.rapporteur.api.put(`/outcomes/${document.id}/commitments`, {
        commitments: [{ theme: 'cooperation', text: `A commitment of a ${state} document` }],
      }),
      200,
      'commitments',
    );
    if (state === 'published') {
      await outcomeStep(users.rapporteur.api, document.id, 'submit');
      await outcomeStep(users.organiser.api, document.id, 'publish');
    }
    return { eventId, seriesId, document, commitmentId: saved.commitments[0].id };
  }

  beforeAll(async () => {
    const api = ctx.app.api;
    users.organiser = await createUser(api, 'organiser', 'Organiser');
    users.rapporteur = await createUser(api, 'member', 'Rapporteur');
    users.delegate = await createUser(api, 'member', 'Delegate');
    users.otherRapporteur = await createUser(api, 'member', 'Rapporteur of another event');
    const otherEvent = await createPublishedEvent(users.organiser.api);
    expectStatus(
      await users.organiser.api.put(`/events/${otherEvent.id}/roles`, { email: users.otherRapporteur.email, role: 'rapporteur' }),
      200,
      'grant other rapporteur',
    );
    for (const state of STATES) shared[state] = await buildWorld(state);
  });

  const client = (actor: Actor): { api: ApiClient; token?: string } =>
    actor === 'anonymous' ? { api: ctx.app.api } : { api: users[actor].api, token: users[actor].token };

  const cases = ROUTES.flatMap((route) =>
    STATES.flatMap((state) => ACTORS.map((actor) => ({ route, state, actor, status: statusFor(route.expected[actor], state) }))),
  );

  it.each(cases)('$route.name as $actor on a $state document → $status', async ({ route, state, actor, status }) => {
    const world = route.writes ? await buildWorld(state) : shared[state];
    const { api, token } = client(actor);
    const response = await route.call(api, world, ctx.app.api.baseUrl, token);
    expect({ status: response.status }).toEqual({ status });
  });

  it.each(ACTORS.map((actor) => ({ actor, seesDraft: actor === 'rapporteur' || actor === 'organiser' })))(
    'lists as $actor: the draft and its commitments appear only to the team ($seesDraft), the published document to all',
    async ({ actor, seesDraft }) => {
      const { api } = client(actor);
      for (const state of STATES) {
        const world = shared[state];
        const listed = (await api.get(`/events/${world.eventId}/outcomes`)).body.map((document: any) => document.id);
        const inSeries = (await api.get(`/series/${world.seriesId}/commitments`)).body.commitments.map((commitment: any) => commitment.id);
        const visible = state === 'published' || seesDraft;
        expect({ state, listed: listed.includes(world.document.id), inSeries: inSeries.includes(world.commitmentId) }).toEqual({
          state,
          listed: visible,
          inSeries: visible,
        });
      }
    },
  );

  it('unknown or malformed ids are 404, for the team too', async () => {
    const api = users.organiser.api;
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const id of [unknown, 'nope']) {
      await expect(api.get(`/outcomes/${id}`)).resolves.toMatchObject({ status: 404 });
      await expect(api.post(`/outcomes/${id}/versions`, { body: 'x', baseVersion: 1 })).resolves.toMatchObject({ status: 404 });
      await expect(api.get(`/series/${id}/commitments`)).resolves.toMatchObject({ status: 404 });
    }
    for (const number of ['2', '0', 'x', '99999999999'])
      await expect(api.get(`/outcomes/${shared.draft.document.id}/versions/${number}`)).resolves.toMatchObject({ status: 404 });
    await expect(api.get(`/outcomes/${shared.draft.document.id}/diff?from=1&to=9`)).resolves.toMatchObject({ status: 404 });
    await expect(api.get(`/outcomes/${shared.draft.document.id}/diff?from=a&to=1`)).resolves.toMatchObject({ status: 400 });
  });
});
