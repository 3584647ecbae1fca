import { ADMIN } from '../support/app';
import { useApp } from '../support/context';
import { createEvent, createUser, loginAsAdmin } from '../support/factories';
import { postLargeBody } from '../support/http';

const expectErrorShape = (body: any, statusCode: number) => {
  expect(body).toEqual(
    expect.objectContaining({ statusCode, error: expect.any(String), message: expect.any(String), code: expect.any(String) }),
  );
  expect(JSON.stringify(body)).not.toMatch(/at .*\.js:\d+|node_modules/);
};

describe('Foundation: health, accounts, errors', () => {
  const ctx = useApp();

  it('reports the database as up', async () => {
    const response = await ctx.app.api.get('/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', database: 'up' });
  });

  it('logs the bootstrap administrator in, and refuses a wrong password with 401 in the error shape', async () => {
    const ok = await ctx.app.api.post('/auth/login', { email: ` ${ADMIN.email.toUpperCase()} `, password: ADMIN.password });
    expect(ok.status).toBe(200);
    expect(ok.body.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    const wrong = await ctx.app.api.post('/auth/login', { email: ADMIN.email, password: 'not the password' });
    expect(wrong.status).toBe(401);
    expectErrorShape(wrong.body, 401);
    expect(wrong.body.message).toBe('Wrong email or password');
  });

  it('answers every error with a request id that is also a response header', async () => {
    const response = await ctx.app.api.get('/no-such-route');
    expect(response.status).toBe(404);
    expectErrorShape(response.body, 404);
    expect(response.body.requestId).toBe(response.headers.get('x-request-id'));
  });

  describe('bad input never gives a 500', () => {
    it('malformed JSON → 400 MALFORMED_JSON', async () => {
      const response = await ctx.app.api.raw('POST', '/auth/login', '{"email": "a@b.org", "password":');
      expect(response.status).toBe(400);
      expectErrorShape(response.body, 400);
      expect(response.body.code).toBe('MALFORMED_JSON');
    });

    it('unknown fields → 400 naming the field', async () => {
      const response = await ctx.app.api.post('/auth/login', { email: 'a@b.org', password: 'x', isAdmin: true });
      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([{ field: 'isAdmin', message: 'should not exist' }]);
    });

    it('wrong types → 400 with one detail per field', async () => {
      const response = await ctx.app.api.post('/auth/login', { email: 42, password: ['x'] });
      expect(response.status).toBe(400);
      expectErrorShape(response.body, 400);
      const fields = new Set(response.body.details.map((detail: any) => detail.field));
      expect(fields).toEqual(new Set(['email', 'password']));
      expect(response.body.details).toContainEqual({ field: 'email', message: 'must be an email address' });
    });

    it('a JSON array or a bare string as body → 400', async () => {
      for (const body of ['[]', '"text"', 'null']) {
        const response = await ctx.app.api.raw('POST', '/auth/login', body);
        expect([400, 415]).toContain(response.status);
        expectErrorShape(response.body, response.status);
      }
    });

    it('a 5 MB body → 413 in the error shape', async () => {
      const huge = JSON.stringify({ email: 'a@b.org', password: 'x'.repeat(5 * 1024 * 1024) });
      const response = await postLargeBody(`${ctx.app.api.baseUrl}/auth/login`, huge);
      expect(response.status).toBe(413);
      expectErrorShape(response.body, 413);
    });

    it('an unsupported content type → 415', async () => {
      const response = await ctx.app.api.raw('POST', '/auth/login', 'email=a', 'application/xml');
      expect(response.status).toBe(415);
      expectErrorShape(response.body, 415);
    });
  });

  describe('accounts', () => {
    it('only an administrator creates accounts; emails are unique case-insensitively', async () => {
      const body = { email: 'Rapporteur@Example.org', password: 'a long enough password', fullName: 'Amina Rahman' };
      expect((await ctx.app.api.post('/users', body)).status).toBe(401);

      const member = await createUser(ctx.app.api, 'member');
      const forbidden = await member.api.post('/users', body);
      expect(forbidden.status).toBe(403);
      expectErrorShape(forbidden.body, 403);

      const admin = ctx.app.api.as(await loginAsAdmin(ctx.app.api));
      const created = await admin.post('/users', body);
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ id: expect.any(String), email: 'rapporteur@example.org', fullName: 'Amina Rahman', role: 'member' });
      expect(created.body).not.toHaveProperty('passwordHash');

      const again = await admin.post('/users', { ...body, email: ' RAPPORTEUR@example.org ' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('USER_EXISTS');

      const { rows } = await ctx.db.query("SELECT password_hash FROM app_user WHERE email = 'rapporteur@example.org'");
      expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
    });

    it('rejects a forged or expired token with 401', async () => {
      const forged = await ctx.app.api.as('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4Iiwicm9sZSI6ImFkbWluIn0.c2lnbmF0dXJl').post('/users', {});
      expect(forged.status).toBe(401);
      expectErrorShape(forged.body, 401);
    });
  });

  describe('per-event roles', () => {
    it("the event's organiser grants roles by email; others get 403 or 404", async () => {
      const organiser = await createUser(ctx.app.api, 'organiser');
      const rapporteur = await createUser(ctx.app.api, 'member');
      const outsider = await createUser(ctx.app.api, 'organiser');
      const event = await createEvent(organiser.api);

      const granted = await organiser.api.put(`/events/${event.id}/roles`, { email: rapporteur.email.toUpperCase(), role: 'rapporteur' });
      expect(granted.status).toBe(200);
      expect(granted.body).toEqual({ eventId: event.id, userId: rapporteur.id, email: rapporteur.email, roles: ['rapporteur'] });

      // A draft is invisible to other users: 404, not 403.
      expect((await outsider.api.put(`/events/${event.id}/roles`, { email: outsider.email, role: 'organiser' })).status).toBe(404);
      // A rapporteur sees the draft but may not grant roles.
      expect((await rapporteur.api.put(`/events/${event.id}/roles`, { email: rapporteur.email, role: 'organiser' })).status).toBe(403);
      expect((await ctx.app.api.put(`/events/${event.id}/roles`, { email: rapporteur.email, role: 'organiser' })).status).toBe(401);

      expect((await organiser.api.post(`/events/${event.id}/publish`)).status).toBe(200);
      const published = await outsider.api.put(`/events/${event.id}/roles`, { email: outsider.email, role: 'organiser' });
      expect(published.status).toBe(403);

      const unknown = await organiser.api.put(`/events/${event.id}/roles`, { email: 'nobody@example.org', role: 'checkin' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.details[0].field).toBe('email');
      const badRole = await organiser.api.put(`/events/${event.id}/roles`, { email: rapporteur.email, role: 'king' });
      expect(badRole.status).toBe(400);
      expect(badRole.body.details[0].field).toBe('role');
      expect((await organiser.api.put('/events/not-a-uuid/roles', { email: rapporteur.email, role: 'checkin' })).status).toBe(404);
    });
  });

  it('serves the OpenAPI document generated from the DTOs', async () => {
    const response = await fetch(`${ctx.app.url}/api/docs-json`);
    const document: any = await response.json();
    expect(document.paths['/api/v1/auth/login'].post).toBeDefined();
    expect(document.components.schemas.CreateUserDto.required).toEqual(expect.arrayContaining(['email', 'password', 'fullName']));
    const ui = await fetch(`${ctx.app.url}/api/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });

  it('sends security headers', async () => {
    const response = await ctx.app.api.get('/health');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
  });
});

describe('Login rate limit', () => {
  const ctx = useApp({ LOGIN_RATE_LIMIT: '10' });

  it('20 rapid wrong logins from one address: the first 10 get 401, the rest 429', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 20; attempt++) {
      statuses.push((await ctx.app.api.post('/auth/login', { email: ADMIN.email, password: `wrong-${attempt}` })).status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual(Array(10).fill(429));
    const limited = await ctx.app.api.post('/auth/login', { email: ADMIN.email, password: ADMIN.password });
    expect(limited.status).toBe(429);
    expectErrorShape(limited.body, 429);
    expect(limited.body.message).toBe('Too many login attempts from this address; try again in a minute');
  });
});
