import { consoleLinkToken, nextMailTo } from '../support/accounts';
import { ADMIN } from '../support/app';
import { useApp } from '../support/context';
import { createEvent, createUser, expectStatus, loginAsAdmin, TestUser, unique } from '../support/factories';
import type { ApiClient } from '../support/http';
import { useSmtpSink } from '../support/smtp';

/**
 * Issue 16: accounts and teams through the API, with mail through a real SMTP sink: password resets,
 * team invitations by email, revoking roles, admins disabling accounts.
 */
describe('Issue 16: accounts, passwords and teams', () => {
  const env: Record<string, string> = { PUBLIC_URL: 'https://plenary.example.org', MAIL_POLL_INTERVAL_MS: '500', MAIL_YIELD_SECONDS: '0' };
  const smtp = useSmtpSink(env);
  const ctx = useApp(env);
  let admin: ApiClient;

  beforeAll(async () => {
    admin = ctx.app.api.as(await loginAsAdmin(ctx.app.api));
  });

  const login = (email: string, password: string) => ctx.app.api.post('/auth/login', { email, password });
  const requestReset = (email: string) => ctx.app.api.post('/auth/password-reset', { email });
  const completeReset = (token: string, password: string) => ctx.app.api.post('/auth/password-reset/complete', { token, password });

  /** Asks for a reset of the user's password and answers the token of the link mailed. */
  async function resetToken(user: TestUser): Promise<string> {
    const before = (await smtp.sink.messages()).filter((message) => message.envelopeTo.includes(user.email)).length;
    expectStatus(await requestReset(user.email), 202, 'password reset');
    return consoleLinkToken(await nextMailTo(smtp.sink, user.email, before), 'password/reset');
  }

  describe('password reset', () => {
    it('mails a one-time link; it sets the password once, and an unknown email gets the same answer and no mail', async () => {
      const user = await createUser(ctx.app.api, 'member');
      const unknown = `${unique('nobody')}@plenary.test`;
      const forUnknown = await requestReset(unknown);
      const forKnown = await requestReset(user.email.toUpperCase());
      expect(forUnknown.status).toBe(202);
      expect(forKnown.status).toBe(202);
      expect(forUnknown.body).toEqual(forKnown.body);

      const mail = await nextMailTo(smtp.sink, user.email);
      expect(mail.subject).toBe('Choose a new password for your Plenary account');
      expect(mail.text).toContain('within 60 minutes');
      const token = consoleLinkToken(mail, 'password/reset');
      expect((await smtp.sink.messages()).some((message) => message.envelopeTo.includes(unknown))).toBe(false);
      // Neither the token table nor the mail log holds the token itself.
      const stored = await ctx.db.query(
        `SELECT 1 FROM mail_message WHERE data::text LIKE $1 UNION ALL SELECT 1 FROM account_token WHERE token_hash = $2`,
        [`%${token}%`, token],
      );
      expect(stored.rows).toEqual([]);

      expect((await completeReset(token, 'a brand new password')).status).toBe(204);
      expect((await login(user.email, 'a brand new password')).status).toBe(200);
      expect((await login(user.email, 'correct horse battery staple')).status).toBe(401);

      const again = await completeReset(token, 'yet another password');
      expect(again.status).toBe(410);
      expect(again.body).toMatchObject({ code: 'ACCOUNT_LINK_INVALID', message: expect.stringContaining('used already') });
      expect((await login(user.email, 'yet another password')).status).toBe(401);
    });

    it('refuses an expired link, a made-up one, and a password that breaks the rule (400 naming the field)', async () => {
      const user = await createUser(ctx.app.api, 'member');
      const token = await resetToken(user);
      const short = await completeReset(token, 'short');
      expect(short.status).toBe(400);
      expect(short.body.details[0].field).toBe('password');

      await ctx.db.query(`UPDATE account_token SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.id]);
      expect((await completeReset(token, 'a brand new password')).body.code).toBe('ACCOUNT_LINK_INVALID');
      expect((await completeReset('x'.repeat(43), 'a brand new password')).status).toBe(410);
      expect((await login(user.email, 'correct horse battery staple')).status).toBe(200);
    });

    it('of 10 parallel uses of one link, exactly one sets the password', async () => {
      const user = await createUser(ctx.app.api, 'member');
      const token = await resetToken(user);
      const answers = await Promise.all(Array.from({ length: 10 }, (_, index) => completeReset(token, `parallel password ${index}`)));
      const statuses = answers.map((answer) => answer.status).sort();
      expect(statuses).toEqual([204, 410, 410, 410, 410, 410, 410, 410, 410, 410]);
      const winner = answers.findIndex((answer) => answer.status === 204);
      expect((await login(user.email, `parallel password ${winner}`)).status).toBe(200);
    });

    it('a new password set by a link also ends the other links of the account', async () => {
      const user = await createUser(ctx.app.api, 'member');
      const first = await resetToken(user);
      const second = await resetToken(user);
      expect((await completeReset(second, 'the second password')).status).toBe(204);
      expect((await completeReset(first, 'the first password')).status).toBe(410);
    });
  });

  it('changing one’s password needs the current one (400 naming currentPassword)', async () => {
    const user = await createUser(ctx.app.api, 'member');
    const wrong = await user.api.put('/auth/password', { currentPassword: 'not my password', newPassword: 'a changed password' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.details).toEqual([{ field: 'currentPassword', message: 'is not the current password' }]);
    const changed = await user.api.put('/auth/password', {
      currentPassword: 'correct horse battery staple',
      newPassword: 'a changed password',
    });
    expect(changed.status).toBe(204);
    expect((await login(user.email, 'a changed password')).status).toBe(200);
    expect((await ctx.app.api.put('/auth/password', { currentPassword: 'x', newPassword: 'a changed password' })).status).toBe(401);
  });

  describe("an event's team", () => {
    let organiser: TestUser;
    let event: any;

    beforeAll(async () => {
      organiser = await createUser(ctx.app.api, 'organiser', 'Olga Organiser');
      event = await createEvent(organiser.api, { title: 'Regional Workshop on Migration' });
    });

    it('invites a new email: a member account without password, a mail with a set-password link, then the person logs in', async () => {
      const email = `${unique('invitee')}@example.org`;
      const plain = await organiser.api.put(`/events/${event.id}/roles`, { email, role: 'rapporteur' });
      expect(plain.status).toBe(400);
      expect(plain.body.details[0].field).toBe('email');

      const granted = await organiser.api.put(`/events/${event.id}/roles`, {
        email: email.toUpperCase(),
        role: 'rapporteur',
        invite: true,
      });
      expect(granted.status).toBe(200);
      expect(granted.body).toEqual({ eventId: event.id, userId: expect.any(String), email, roles: ['rapporteur'], invitationSent: true });
      const team = expectStatus(await organiser.api.get(`/events/${event.id}/roles`), 200, 'team');
      expect(team).toContainEqual({ userId: granted.body.userId, email, fullName: '', roles: ['rapporteur'], invitationPending: true });
      expect(team).toContainEqual({
        userId: organiser.id,
        email: organiser.email,
        fullName: 'Olga Organiser',
        roles: ['organiser'],
        invitationPending: false,
      });
      expect((await login(email, 'anything at all here')).status).toBe(401);

      const mail = await nextMailTo(smtp.sink, email);
      expect(mail.subject).toBe('You are invited to the team of the Regional Workshop on Migration');
      expect(mail.text).toContain('team (rapporteur)');
      expect(mail.text).toContain('within 7 days');
      const token = consoleLinkToken(mail, 'invitations');

      const accepted = await ctx.app.api.post('/auth/invitations/accept', {
        token,
        password: 'my own password',
        fullName: ' Amina Rahman ',
      });
      expect(accepted.status).toBe(204);
      const session = await login(email, 'my own password');
      expect(session.status).toBe(200);
      const member = ctx.app.api.as(session.body.accessToken);
      expect((await member.get(`/events/${event.id}`)).status).toBe(200); // a draft, seen by its team
      const after = expectStatus(await organiser.api.get(`/events/${event.id}/roles`), 200, 'team');
      expect(after).toContainEqual({
        userId: granted.body.userId,
        email,
        fullName: 'Amina Rahman',
        roles: ['rapporteur'],
        invitationPending: false,
      });
      expect((await ctx.app.api.post('/auth/invitations/accept', { token, password: 'someone else’s password' })).status).toBe(410);

      // The invitation is one of the event's mails; a password reset is no event's to change.
      expect((await organiser.api.get(`/events/${event.id}/mail-templates/team_invitation`)).status).toBe(200);
      expect((await organiser.api.get(`/events/${event.id}/mail-templates/password_reset`)).status).toBe(404);

      // Granting an account that has a password sends no invitation.
      const again = await organiser.api.put(`/events/${event.id}/roles`, { email, role: 'checkin', invite: true });
      expect(again.body).toMatchObject({ roles: ['rapporteur', 'checkin'], invitationSent: false });
    });

    it('lists the team to organisers only', async () => {
      const outsider = await createUser(ctx.app.api, 'member');
      const rapporteur = await createUser(ctx.app.api, 'member');
      await organiser.api.put(`/events/${event.id}/roles`, { email: rapporteur.email, role: 'rapporteur' });
      expect((await rapporteur.api.get(`/events/${event.id}/roles`)).status).toBe(403);
      expect((await outsider.api.get(`/events/${event.id}/roles`)).status).toBe(404);
      expect((await ctx.app.api.get(`/events/${event.id}/roles`)).status).toBe(401);
    });

    it('revokes a role; the last organiser cannot be removed (409 LAST_ORGANISER)', async () => {
      const own = await createEvent(organiser.api);
      const checkin = await createUser(ctx.app.api, 'member');
      await organiser.api.put(`/events/${own.id}/roles`, { email: checkin.email, role: 'checkin' });
      expect((await checkin.api.delete(`/events/${own.id}/roles/${organiser.id}/organiser`)).status).toBe(403);
      expect((await organiser.api.delete(`/events/${own.id}/roles/${checkin.id}/checkin`)).status).toBe(204);
      expect((await organiser.api.get(`/events/${own.id}/roles`)).body.map((member: any) => member.userId)).toEqual([organiser.id]);
      expect((await checkin.api.get(`/events/${own.id}`)).status).toBe(404); // no longer on the team of the draft
      expect((await organiser.api.delete(`/events/${own.id}/roles/${checkin.id}/checkin`)).status).toBe(404);
      expect((await organiser.api.delete(`/events/${own.id}/roles/${checkin.id}/king`)).body.details[0].field).toBe('role');

      const last = await organiser.api.delete(`/events/${own.id}/roles/${organiser.id}/organiser`);
      expect(last.status).toBe(409);
      expect(last.body.code).toBe('LAST_ORGANISER');

      const second = await createUser(ctx.app.api, 'member');
      await organiser.api.put(`/events/${own.id}/roles`, { email: second.email, role: 'organiser' });
      expect((await second.api.delete(`/events/${own.id}/roles/${organiser.id}/organiser`)).status).toBe(204);
      expect((await second.api.delete(`/events/${own.id}/roles/${second.id}/organiser`)).body.code).toBe('LAST_ORGANISER');
    });
  });

  describe('admins manage accounts', () => {
    it('lists accounts page by page, searching email and name; only for admins', async () => {
      const tag = unique('zq');
      for (const name of ['First', 'Second', 'Third']) await createUser(ctx.app.api, 'member', `${tag} ${name}`);
      const page = expectStatus(await admin.get(`/users?q=${tag.toUpperCase()}&pageSize=2`), 200, 'users');
      expect(page).toMatchObject({ total: 3, page: 1, pageSize: 2 });
      expect(page.items).toHaveLength(2);
      expect(page.items[0]).toEqual({
        id: expect.any(String),
        email: expect.any(String),
        fullName: expect.stringContaining(tag),
        role: 'member',
        disabled: false,
        passwordSet: true,
        createdAt: expect.any(String),
      });
      expect((await admin.get(`/users?q=${tag}&page=2&pageSize=2`)).body.items).toHaveLength(1);
      expect((await admin.get('/users?q=100%25')).body.total).toBe(0); // % is a character, not a wildcard
      const member = await createUser(ctx.app.api, 'organiser');
      expect((await member.api.get('/users')).status).toBe(403);
    });

    it('a disabled account cannot log in and its token is refused at once; enabled again, it can', async () => {
      const organiser = await createUser(ctx.app.api, 'organiser');
      const event = await createEvent(organiser.api);
      expect((await organiser.api.get(`/events/${event.id}/roles`)).status).toBe(200);

      const disabled = await admin.patch(`/users/${organiser.id}`, { disabled: true });
      expect(disabled.status).toBe(200);
      expect(disabled.body).toMatchObject({ id: organiser.id, disabled: true, role: 'organiser' });
      expect((await organiser.api.get(`/events/${event.id}/roles`)).status).toBe(401);
      const refused = await login(organiser.email, 'correct horse battery staple');
      expect(refused.status).toBe(401);
      expect(refused.body.message).toBe('Wrong email or password');
      // No reset link for a disabled account either.
      expectStatus(await requestReset(organiser.email), 202, 'reset');
      expect((await ctx.db.query('SELECT 1 FROM account_token WHERE user_id = $1', [organiser.id])).rows).toEqual([]);

      expect((await admin.patch(`/users/${organiser.id}`, { disabled: false })).body.disabled).toBe(false);
      expect((await login(organiser.email, 'correct horse battery staple')).status).toBe(200);
      expect((await organiser.api.get(`/events/${event.id}/roles`)).status).toBe(200);
    });

    it('a role changed by an admin applies to tokens already issued', async () => {
      const organiser = await createUser(ctx.app.api, 'organiser');
      expect((await admin.patch(`/users/${organiser.id}`, { role: 'member' })).body.role).toBe('member');
      expect(
        (
          await organiser.api.post('/events', {
            slug: unique('e'),
            title: 'T',
            startDate: '2025-11-26',
            endDate: '2025-11-26',
            timezone: 'UTC',
          })
        ).status,
      ).toBe(403);
    });

    it('an admin cannot disable or demote their own account (409 OWN_ACCOUNT); unknown ids are 404', async () => {
      const me = (await admin.get(`/users?q=${ADMIN.email}`)).body.items[0];
      for (const change of [{ disabled: true }, { role: 'organiser' }]) {
        const refused = await admin.patch(`/users/${me.id}`, change);
        expect(refused.status).toBe(409);
        expect(refused.body.code).toBe('OWN_ACCOUNT');
      }
      expect((await admin.patch(`/users/${me.id}`, { role: 'admin' })).status).toBe(200);
      expect((await admin.patch('/users/00000000-0000-4000-8000-000000000009', { disabled: true })).status).toBe(404);
      expect((await admin.patch('/users/not-a-uuid', { disabled: true })).status).toBe(404);
      expect((await admin.patch(`/users/${me.id}`, { disabled: 'yes' })).body.details[0].field).toBe('disabled');
    });
  });
});

describe('Issue 16: password-reset requests are rate-limited like logins', () => {
  const ctx = useApp({ LOGIN_RATE_LIMIT: '2', MAIL_WORKER_CONCURRENCY: '0' });

  it('answers 429 with Retry-After past LOGIN_RATE_LIMIT requests a minute from one address', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++)
      statuses.push((await ctx.app.api.post('/auth/password-reset', { email: 'a@example.org' })).status);
    expect(statuses).toEqual([202, 202, 429]);
    const limited = await ctx.app.api.post('/auth/password-reset', { email: 'a@example.org' });
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});
