import { useApp } from '../support/context';
import { errorShapeProblem } from '../support/error-shape';
import { ApiRoute, fillPath, readApiRoutes } from '../support/openapi';

/**
 * Every route of the OpenAPI document either is on this list of public routes or refuses an anonymous
 * caller with 401. A route added without a guard (a new @Public() handler) fails this test until it is
 * listed here on purpose. (Which roles may call the guarded routes: the *-authz specs.)
 */
const PUBLIC_ROUTES = new Set([
  'GET /api/v1/health',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/password-reset',
  'POST /api/v1/auth/password-reset/complete',
  'POST /api/v1/auth/invitations/accept',
  'GET /api/v1/events',
  'GET /api/v1/events/{idOrSlug}',
  'GET /api/v1/events/{idOrSlug}/partners',
  'GET /api/v1/series/{id}',
  'GET /api/v1/series/{id}/commitments',
  'POST /api/v1/events/{id}/registrations',
  'POST /api/v1/events/{id}/registrations/manage-link',
  'GET /api/v1/registrations/manage/{token}',
  'PATCH /api/v1/registrations/manage/{token}',
  'POST /api/v1/registrations/manage/{token}/cancel',
  'GET /api/v1/registrations/manage/{token}/badge.pdf',
  // Issue 18: the registrant's photo through their manage link.
  'PUT /api/v1/registrations/manage/{token}/photo',
  'GET /api/v1/registrations/manage/{token}/photo',
  'DELETE /api/v1/registrations/manage/{token}/photo',
  // Issue 18: the delegate's own passport data, through the secret link (shown back masked).
  'GET /api/v1/registrations/manage/{token}/identity',
  'PUT /api/v1/registrations/manage/{token}/identity',
  'GET /api/v1/registrations/manage/{token}/certificate.pdf',
  'GET /api/v1/events/{slugOrId}/agenda',
  'GET /api/v1/events/{slugOrId}/agenda.ics',
  'GET /api/v1/events/{id}/outcomes',
  'GET /api/v1/outcomes/{id}',
  'GET /api/v1/outcomes/{id}/commitments',
  'GET /api/v1/outcomes/{id}/document.pdf',
  // Issue 18: the List of Participants, public once published (404 before; its organisers always).
  'GET /api/v1/events/{id}/participants.pdf',
]);

/** Well-formed values for every path parameter, so that only the missing token can explain a refusal. */
const PLACEHOLDERS: Record<string, string> = {
  id: '00000000-0000-4000-8000-000000000001',
  idOrSlug: 'an-event',
  slugOrId: 'an-event',
  partnerId: '00000000-0000-4000-8000-000000000002',
  speakerId: '00000000-0000-4000-8000-000000000003',
  userId: '00000000-0000-4000-8000-000000000004',
  role: 'rapporteur',
  token: 'a'.repeat(43),
  number: '1',
  name: 'invitation',
  reference: 'ISL25-7KQ4-M9XD-2HCT',
};

describe('Authorization sweep over every route of the OpenAPI document', () => {
  const ctx = useApp();
  let routes: ApiRoute[];

  beforeAll(async () => {
    ({ routes } = await readApiRoutes(ctx.app.url));
  });

  const anonymously = (route: ApiRoute) =>
    fetch(`${ctx.app.url}${fillPath(route.path, PLACEHOLDERS)}`, {
      method: route.method,
      ...(route.bodySchema ? { headers: { 'content-type': 'application/json' }, body: '{}' } : {}),
    });

  it('lists every public route among the documented ones (the allow-list has no stale entries)', () => {
    const documented = new Set(routes.map((route) => route.key));
    expect([...PUBLIC_ROUTES].filter((key) => !documented.has(key))).toEqual([]);
    expect(routes.length).toBeGreaterThan(60);
  });

  it('refuses an anonymous caller with 401 in the error shape on every route not on the public list, and lets one through on those that are', async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const response = await anonymously(route);
      const body: any = response.headers.get('content-type')?.includes('json') ? await response.json() : await response.text();
      if (PUBLIC_ROUTES.has(route.key)) {
        if (response.status === 401 || response.status >= 500) wrong.push(`${route.key}: public, but ${response.status}`);
      } else if (response.status !== 401) {
        wrong.push(
          `${route.key}: ${response.status} to an anonymous caller (a route without a guard? list it in PUBLIC_ROUTES only if it is meant to be public)`,
        );
      } else {
        const problem = errorShapeProblem(401, body) ?? (body.code === 'UNAUTHENTICATED' ? null : `code ${body.code}`);
        if (problem) wrong.push(`${route.key}: 401 but ${problem}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
