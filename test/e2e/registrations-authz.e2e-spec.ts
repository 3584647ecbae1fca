import { useApp } from '../support/context';
import { createPublishedEvent, createUser, registrant, TestUser } from '../support/factories';
import { ApiClient } from '../support/http';
import { eventually } from '../support/mailings';
import { useSmtpSink } from '../support/smtp';

type Actor = 'anonymous' | 'otherOrganiser' | 'checkin' | 'organiser';

/**
 * Who may call each route of registrations and delegations. A table: route × caller → status. Routes
 * keyed by a manage token are checked apart: a token opens its own registration and nothing else.
 */
describe('Registrations and delegations: authorization', () => {
  const env: Record<string, string> = { REGISTRATION_RATE_LIMIT: '0', MAIL_POLL_INTERVAL_MS: '500' };
  const smtp = useSmtpSink(env);
  const ctx = useApp(env);

  const actors = {} as Record<Actor, ApiClient>;
  let organiser: TestUser;
  let event: any;
  let draft: any;

  beforeAll(async () => {
    organiser = await createUser(ctx.app.api, 'organiser');
    const other = await createUser(ctx.app.api, 'organiser');
    await createPublishedEvent(other.api);
    const checkin = await createUser(ctx.app.api, 'member');
    event = await createPublishedEvent(organiser.api, { approvalRequired: true, capacity: 50 });
    draft = (
      await organiser.api.post('/events', {
        slug: `draft-${Date.now()}`,
        title: 'Draft',
        startDate: '2025-11-26',
        endDate: '2025-11-27',
        timezone: 'Asia/Karachi',
      })
    ).body;
    await organiser.api.put(`/events/${event.id}/roles`, { email: checkin.email, role: 'checkin' });
    Object.assign(actors, { anonymous: ctx.app.api, otherOrganiser: other.api, checkin: checkin.api, organiser: organiser.api });
  });

  const pending = async () => (await ctx.app.api.post(`/events/${event.id}/registrations`, registrant())).body.id as string;
  const delegation = async () =>
    (
      await organiser.api.post(`/events/${event.id}/delegations`, {
        name: `Delegation ${Math.random()}`,
        kind: 'organisation',
        organisationName: `INTERPOL ${Math.random()}`,
        quota: 3,
      })
    ).body;

  const routes: { name: string; call: (api: ApiClient) => Promise<{ status: number }>; expected: Record<Actor, number> }[] = [
    {
      name: 'POST /events/:id/registrations',
      call: (api) => api.post(`/events/${event.id}/registrations`, registrant()),
      expected: { anonymous: 201, otherOrganiser: 201, checkin: 201, organiser: 201 },
    },
    {
      name: 'GET /events/:id/registrations',
      call: (api) => api.get(`/events/${event.id}/registrations`),
      expected: { anonymous: 401, otherOrganiser: 403, checkin: 403, organiser: 200 },
    },
    {
      name: 'GET /events/:id/registrations.csv',
      call: (api) => api.get(`/events/${event.id}/registrations.csv`),
      expected: { anonymous: 401, otherOrganiser: 403, checkin: 403, organiser: 200 },
    },
    {
      name: 'POST /registrations/:id/approve',
      call: async (api) => api.post(`/registrations/${await pending()}/approve`),
      expected: { anonymous: 401, otherOrganiser: 403, checkin: 403, organiser: 200 },
    },
    {
      name: 'POST /registrations/:id/reject',
      call: async (api) => api.post(`/registrations/${await pending()}/reject`, { reason: 'Places are reserved for national delegations' }),
      expected: { anonymous: 401, otherOrganiser: 403, checkin: 403, organiser: 200 },
    },
    {
      name: 'GET /registrations/:id/badge.pdf',
      call: async (api) => {
        const id = await pending();
        await organiser.api.post(`/registrations/${id}/approve`);
        return api.get(`/registrations/${id}/badge.pdf`);
      },
      expected: { anonymous: 401, otherOrganiser: 403, checkin: 403, organiser: 200 },
    },
    {
      name: 'GET /events/:id/badges.pdf',
      call: async (api) => {
        await organiser.api.post(`/registrations/${await pending()}/approve`);
        return api.get(`/events/${event.id}/badges.pdf`);
      },
      expected: { anonymous: 401, otherOrganiser: 403, checkin: 403, organiser: 200 },
    },
    {
      name: 'POST /events/:id/check-ins (unknown badge)',
      call: (api) => api.post(`/events/${event.id}/check-ins`, { badgeCode: 'ABCDEFGHJKLMNPQR' }),
      expected: { anonymous: 401, otherOrganiser: 403, checkin: 404, organiser: 404 },
    },
    {
      name: 'GET /events/:id/attendance',
      call: (api) => api.get(`/events/${event.id}/attendance`),
      expected: { anonymous: 401, otherOrganiser: 403, checkin: 200, organiser: 200 },
    },
    {
      name: 'PUT /events/:id/registration-form',
      call: (api) => api.put(`/events/${event.id}/registration-form`, { fields: [] }),
      expected: { anonymous: 401, otherOrganiser: 403, checkin: 403, organiser: 200 },
    },
    {
      name: 'POST /events/:id/delegations',
      call: (api) =>
        api.post(`/events/${event.id}/delegations`, { name: 'Kingdom of Belgium', kind: 'country', countryCode: 'BE', quota: 2 }),
      expected: { anonymous: 401, otherOrganiser: 403, checkin: 403, organiser: 201 },
    },
    {
      name: 'GET /events/:id/delegations',
      call: (api) => api.get(`/events/${event.id}/delegations`),
      expected: { anonymous: 401, otherOrganiser: 403, checkin: 403, organiser: 200 },
    },
    {
      name: 'PATCH /delegations/:id',
      call: async (api) => api.patch(`/delegations/${(await delegation()).id}`, { quota: 4 }),
      expected: { anonymous: 401, otherOrganiser: 403, checkin: 403, organiser: 200 },
    },
  ];

  const cases = routes.flatMap((route) => (Object.keys(route.expected) as Actor[]).map((actor) => [route.name, actor, route] as const));
  it.each(cases)('%s as %s', async (_name, actor, route) => {
    const response = await route.call(actors[actor]);
    expect({ actor, status: response.status }).toEqual({ actor, status: route.expected[actor] });
  });

  it("a draft event's registration routes do not exist for outsiders (404), not even for registering", async () => {
    expect((await ctx.app.api.post(`/events/${draft.id}/registrations`, registrant())).status).toBe(404);
    expect((await actors.otherOrganiser.get(`/events/${draft.id}/registrations`)).status).toBe(404);
    expect((await actors.otherOrganiser.get(`/events/${draft.id}/delegations`)).status).toBe(404);
    expect((await actors.organiser.get(`/events/${draft.id}/registrations`)).status).toBe(200);
  });

  it("a manage token opens its own registration only: another registrant's token never reaches it", async () => {
    const mine = registrant();
    const theirs = registrant();
    const myId = (await ctx.app.api.post(`/events/${event.id}/registrations`, mine)).body.id;
    await ctx.app.api.post(`/events/${event.id}/registrations`, theirs);
    const tokenOf = async (email: string) =>
      /\/registrations\/manage\/([\w-]+)/.exec(
        (
          await eventually(
            async () => (await smtp.sink.messages()).find((message) => message.envelopeTo.includes(email)),
            30_000,
            `mail to ${email}`,
          )
        ).text!,
      )![1];
    const myToken = await tokenOf(mine.email as string);
    const theirToken = await tokenOf(theirs.email as string);

    for (const [path, method] of [
      ['', 'get'],
      ['/badge.pdf', 'get'],
    ] as const) {
      const own = await ctx.app.api[method](`/registrations/manage/${myToken}${path}`);
      const other = await ctx.app.api[method](`/registrations/manage/${theirToken}${path}`);
      expect(JSON.stringify(other.body ?? '')).not.toContain(myId);
      if (path === '') expect(own.body.registration.id).toBe(myId);
    }
    // Pending registrations have no badge yet.
    expect((await ctx.app.api.get(`/registrations/manage/${myToken}/badge.pdf`)).status).toBe(409);
    const cancelOther = await ctx.app.api.post(`/registrations/manage/${theirToken}/cancel`);
    expect(cancelOther.body.id).not.toBe(myId);
    expect(
      (await organiser.api.get(`/events/${event.id}/registrations?status=pending&pageSize=500`)).body.items.map((item: any) => item.id),
    ).toContain(myId);
    for (const bogus of ['x', 'A'.repeat(43), '../../events'])
      expect((await ctx.app.api.get(`/registrations/manage/${encodeURIComponent(bogus)}`)).status).toBe(404);
  });
});
