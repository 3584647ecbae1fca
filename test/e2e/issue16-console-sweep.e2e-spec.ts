import { httpSignIn } from '../support/console';
import { useApp } from '../support/context';
import { createPublishedEvent, createSession, createSpeaker, createUser, expectStatus, TestUser } from '../support/factories';

/** Console pages meant for people not signed in (every other one sends them to the sign-in page). */
const ANONYMOUS = new Set([
  'GET /console/assets/:name',
  'GET /console/login',
  'POST /console/login',
  'POST /console/logout',
  'GET /console/password/forgot',
  'POST /console/password/forgot',
  'GET /console/password/reset/:token',
  'POST /console/password/reset/:token',
  'GET /console/invitations/:token',
  'POST /console/invitations/:token',
]);

/**
 * The event pages open to staff roles other than organisers (every other event page is organisers' only): the
 * check-in desk to check-in staff; the outcomes workspace to rapporteurs, but for the organisers' steps on a
 * document (publish, return, withdraw, the summary mailing).
 */
const OPEN_TO: readonly { path: RegExp; except?: RegExp; roles: readonly string[] }[] = [
  { path: /^\/console\/events\/:id\/check-in(\/|$)/, roles: ['checkin'] },
  {
    path: /^\/console\/events\/:id\/outcomes(\/|$)/,
    except: /\/outcomes\/:outcomeId\/(publish|return|withdraw|mailings)$/,
    roles: ['rapporteur'],
  },
  // Issue 18: the accreditation desk reads a registration's page and saves its identity document.
  { path: /^\/console\/events\/:id\/registrations\/:registrationId(\/identity)?$/, roles: ['accreditation'] },
  // Issue 18: the secretariat's accreditation review, and the credentials letters it reads.
  { path: /^\/console\/events\/:id\/accreditation(\/|$)/, roles: ['accreditation'] },
];
const openTo = (path: string, role: string) =>
  OPEN_TO.some((entry) => entry.path.test(path) && !entry.except?.test(path) && entry.roles.includes(role));
/** A document not yet published exists only for the event's outcome team (seenBy, the API's rule): to other staff, 404. */
const OUTCOME_TEAM = ['organiser', 'rapporteur'];
const refusalTo = (path: string, role: string) => (path.includes(':outcomeId') && !OUTCOME_TEAM.includes(role) ? 404 : 403);

interface ConsoleRoute {
  method: string;
  path: string;
  key: string;
}

/** The console routes the server mapped at start-up, as Nest logs them ("Mapped {/console/…, GET} route"). */
function mappedConsoleRoutes(output: readonly string[]): ConsoleRoute[] {
  const routes = new Map<string, ConsoleRoute>();
  for (const line of output) {
    const match = /Mapped \{(\/console[^,]*), (\w+)\} route/.exec(line);
    if (match) routes.set(`${match[2]} ${match[1]}`, { method: match[2], path: match[1], key: `${match[2]} ${match[1]}` });
  }
  return [...routes.values()];
}

/**
 * Every route of the console, as the server mapped it (not a hand-kept list): anonymous callers are sent to
 * the sign-in page, a POST without the form's CSRF token is refused, a user outside the event's team meets
 * 404 and check-in staff 403 on the organisers' pages. A new console route that skipped @ConsolePage or its
 * role decorator fails here.
 */
describe('Authorization sweep over every console route', () => {
  const ctx = useApp({ LOGIN_RATE_LIMIT: '0' });
  let routes: ConsoleRoute[];
  let eventId: string;
  let organiser: TestUser;
  let outsider: TestUser;
  let checkin: TestUser;
  let rapporteur: TestUser;
  let accreditation: TestUser;
  /** Real rows of the event for every parameter, so that only the caller's role can explain a refusal. */
  const rows: Record<string, string> = { token: 'a'.repeat(43), key: 'dietary' };
  const fill = (path: string) =>
    path.replace(/:(\w+)/g, (_match, name: string) => (name === 'id' ? eventId : (rows[name] ?? '00000000-0000-4000-8000-000000000001')));

  beforeAll(async () => {
    routes = mappedConsoleRoutes(ctx.app.process.output);
    organiser = await createUser(ctx.app.api, 'organiser');
    outsider = await createUser(ctx.app.api, 'organiser');
    checkin = await createUser(ctx.app.api, 'member');
    rapporteur = await createUser(ctx.app.api, 'member');
    accreditation = await createUser(ctx.app.api, 'member');
    eventId = (await createPublishedEvent(organiser.api)).id;
    expectStatus(await organiser.api.put(`/events/${eventId}/roles`, { email: checkin.email, role: 'checkin' }), 200, 'check-in');
    expectStatus(await organiser.api.put(`/events/${eventId}/roles`, { email: rapporteur.email, role: 'rapporteur' }), 200, 'rapporteur');
    expectStatus(
      await organiser.api.put(`/events/${eventId}/roles`, { email: accreditation.email, role: 'accreditation' }),
      200,
      'accreditation',
    );
    expectStatus(
      await organiser.api.put(`/events/${eventId}/registration-form`, {
        fields: [{ key: 'dietary', label: 'Diet', type: 'text', required: false }],
      }),
      200,
      'form',
    );
    rows.registrationId = expectStatus(
      await ctx.app.api.post(`/events/${eventId}/registrations`, { email: 'someone@example.org', givenName: 'Some', familyName: 'One' }),
      201,
      'registration',
    ).id;
    rows.delegationId = expectStatus(
      await organiser.api.post(`/events/${eventId}/delegations`, { name: 'Kenya', kind: 'country', countryCode: 'KE', quota: 2 }),
      201,
      'delegation',
    ).id;
    rows.sessionId = (
      await createSession(organiser.api, eventId, {
        title: 'Opening',
        startsAt: '2025-11-26T09:00:00+05:00',
        endsAt: '2025-11-26T10:00:00+05:00',
      })
    ).id;
    rows.speakerId = (await createSpeaker(organiser.api, eventId, { fullName: 'A Speaker', email: 'speaker@example.org' })).id;
    rows.outcomeId = expectStatus(
      await organiser.api.post(`/events/${eventId}/outcomes`, { title: 'Outcome statement', kind: 'outcome_statement', body: 'Text' }),
      201,
      'outcome',
    ).id;
    rows.mailingId = expectStatus(
      await organiser.api.post(`/events/${eventId}/invitations`, { recipients: [{ email: 'invitee@example.org' }] }),
      202,
      'invitations',
    ).mailingId;
    rows.mailId = (expectStatus(await organiser.api.get(`/events/${eventId}/mail-log`), 200, 'mail log').items as { id: string }[])[0].id;
    rows.name = 'invitation';
    rows.partnerId = expectStatus(
      await organiser.api.post(`/events/${eventId}/partners`, {
        organisation: { name: 'ICMPD', kind: 'intergovernmental' },
        role: 'partner',
      }),
      201,
      'partner',
    ).id;
  });

  it('finds the console routes the server mapped, and every anonymous one of the list among them', () => {
    const keys = new Set(routes.map((route) => route.key));
    expect(routes.length).toBeGreaterThan(30);
    expect([...ANONYMOUS].filter((key) => !keys.has(key))).toEqual([]);
  });

  it('sends anonymous visitors of every page but the anonymous ones to the sign-in page, and refuses every POST without a CSRF token', async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const response = await fetch(`${ctx.app.url}${fill(route.path)}`, {
        method: route.method,
        redirect: 'manual',
        ...(route.method === 'POST' ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' } : {}),
      });
      const toSignIn = response.status === 303 && (response.headers.get('location') ?? '').startsWith('/console/login');
      if (route.method === 'POST') {
        if (response.status !== 403) wrong.push(`${route.key}: ${response.status} to a POST without a CSRF token`);
      } else if (ANONYMOUS.has(route.key)) {
        if (toSignIn || response.status >= 500) wrong.push(`${route.key}: anonymous page, but ${response.status}`);
      } else if (!toSignIn) wrong.push(`${route.key}: ${response.status} to an anonymous visitor instead of 303 to /console/login`);
    }
    expect(wrong).toEqual([]);
  });

  it('answers 404 on every page of an event to a signed-in user outside its team, and 403 to staff on the pages their role does not open (404 on a draft document outside the outcome team)', async () => {
    const wrong: string[] = [];
    const outside = await httpSignIn(ctx.app.url, outsider.email);
    const staff = {
      checkin: await httpSignIn(ctx.app.url, checkin.email),
      rapporteur: await httpSignIn(ctx.app.url, rapporteur.email),
      accreditation: await httpSignIn(ctx.app.url, accreditation.email),
    };
    let opened = 0;
    for (const route of routes.filter((route) => route.path.startsWith('/console/events/:id'))) {
      const callers = [
        ['outsider', outside, 404],
        ...Object.entries(staff).map(
          ([role, session]) => [role, session, openTo(route.path, role) ? 'not 403' : refusalTo(route.path, role)] as const,
        ),
      ] as const;
      for (const [who, session, expected] of callers) {
        const response = await fetch(`${ctx.app.url}${fill(route.path)}`, {
          method: route.method,
          redirect: 'manual',
          headers: { cookie: session.cookie, ...(route.method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
          ...(route.method === 'POST' ? { body: new URLSearchParams({ _csrf: session.csrf }).toString() } : {}),
        });
        if (expected === 'not 403') {
          opened++;
          // The role opens the page: any answer but a refusal of the role (a missing row's 404 is fine).
          const toSignIn = (response.headers.get('location') ?? '').startsWith('/console/login');
          if (response.status === 403 || toSignIn) wrong.push(`${route.key} as ${who}: ${response.status}, expected the page`);
        } else if (response.status !== expected) wrong.push(`${route.key} as ${who}: ${response.status}, expected ${expected}`);
      }
    }
    expect(wrong).toEqual([]);
    // Once the check-in desk and the outcomes workspace exist, some pages are open to staff.
    expect(opened).toBeGreaterThanOrEqual(routes.some((route) => OPEN_TO.some((entry) => entry.path.test(route.path))) ? 1 : 0);
  });
});
