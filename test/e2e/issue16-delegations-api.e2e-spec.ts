import { useApp } from '../support/context';
import { createPublishedEvent, createUser, expectStatus, registrant, TestUser } from '../support/factories';
import { eventually } from '../support/mailings';
import { operationOf, readApiRoutes } from '../support/openapi';
import { useSmtpSink } from '../support/smtp';

/**
 * Issue 16: what the console's delegation screens need, on the API too: resending the head's invitation
 * (once per double click, the database deciding), the status moving one step at a time, and the members.
 */
describe('Delegations API: resend the invitation, status steps, members', () => {
  const env: Record<string, string> = {
    REGISTRATION_RATE_LIMIT: '0',
    MAIL_POLL_INTERVAL_MS: '500',
    PUBLIC_URL: 'https://plenary.example.org',
  };
  const smtp = useSmtpSink(env);
  const ctx = useApp(env);
  let organiser: TestUser;
  let event: { id: string; slug: string };

  beforeAll(async () => {
    organiser = await createUser(ctx.app.api, 'organiser');
    event = await createPublishedEvent(organiser.api, { title: 'Regional Conference on Migration' });
  });

  const newDelegation = async (body: Record<string, unknown>) =>
    expectStatus(await organiser.api.post(`/events/${event.id}/delegations`, { quota: 5, ...body }), 201, 'a delegation');
  const mailsTo = async (email: string) => (await smtp.sink.messages()).filter((message) => message.envelopeTo.includes(email));

  it('mails the head again once for two simultaneous resends; the other is 409 INVITATION_RECENTLY_SENT', async () => {
    const head = { email: 'head.ke@example.org', givenName: 'Wanjiru', familyName: 'Otieno' };
    const delegation = await newDelegation({ name: 'Kenya', kind: 'country', countryCode: 'KE', head });
    await eventually(async () => ((await mailsTo(head.email)).length === 1 ? true : undefined), 30_000, 'the first invitation');

    const answers = await Promise.all([1, 2].map(() => organiser.api.post(`/delegations/${delegation.id}/resend-invitation`)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const refused = answers.find((answer) => answer.status === 409)!;
    expect(refused.body).toMatchObject({ code: 'INVITATION_RECENTLY_SENT' });
    expect(refused.body.retryAfterSeconds).toBeGreaterThan(0);
    const resent = answers.find((answer) => answer.status === 200)!.body;
    expect(resent.invitationResentAt).toEqual(expect.any(String));

    const log = expectStatus(await organiser.api.get(`/events/${event.id}/mail-log?pageSize=100`), 200, 'the mail log');
    expect(
      log.items.filter((item: { to: string; template: string }) => item.to === head.email && item.template === 'delegation_invitation'),
    ).toHaveLength(2);
    const second = await eventually(async () => (await mailsTo(head.email))[1], 30_000, 'the invitation mailed again');
    expect(second.text).toContain(delegation.code);
    expect(second.text).toContain(`https://plenary.example.org/events/${event.slug}/register?delegation=${delegation.code}`);
  });

  it('refuses to resend for a delegation without a head (409 DELEGATION_WITHOUT_HEAD)', async () => {
    const delegation = await newDelegation({ name: 'INTERPOL', kind: 'organisation', organisationName: 'INTERPOL' });
    const answer = await organiser.api.post(`/delegations/${delegation.id}/resend-invitation`);
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe('DELEGATION_WITHOUT_HEAD');
  });

  it('moves the status invited → nominated → accredited one step at a time, never skipping nor back', async () => {
    const delegation = await newDelegation({ name: 'Nepal', kind: 'country', countryCode: 'NP' });
    const patch = (status: string) => organiser.api.patch(`/delegations/${delegation.id}`, { status });
    const skipped = await patch('accredited');
    expect([skipped.status, skipped.body.code]).toEqual([409, 'STATUS_SKIPPED']);
    expect((await patch('nominated')).body.status).toBe('nominated');
    expect((await patch('nominated')).status).toBe(200);
    const back = await patch('invited');
    expect([back.status, back.body.code]).toEqual([409, 'STATUS_BACKWARDS']);
    expect((await patch('accredited')).body.status).toBe('accredited');
  });

  it("lists the delegation's members, the head first, to its organisers only", async () => {
    const head = { email: 'head.lk@example.org', givenName: 'Nimal', familyName: 'Perera' };
    const delegation = await newDelegation({ name: 'Sri Lanka', kind: 'country', countryCode: 'LK', head });
    const member = registrant({ givenName: 'Kumari', familyName: 'Silva', delegationCode: delegation.code });
    expectStatus(await ctx.app.api.post(`/events/${event.slug}/registrations`, member), 201, 'a member');
    expectStatus(
      await ctx.app.api.post(`/events/${event.slug}/registrations`, registrant({ ...head, delegationCode: delegation.code })),
      201,
      'the head',
    );
    const members = expectStatus(await organiser.api.get(`/delegations/${delegation.id}/members`), 200, 'the members');
    expect(members).toEqual([
      expect.objectContaining({ email: head.email, givenName: 'Nimal', familyName: 'Perera', isHead: true, status: 'confirmed' }),
      expect.objectContaining({ email: member.email, givenName: 'Kumari', familyName: 'Silva', isHead: false, status: 'confirmed' }),
    ]);

    const checkin = await createUser(ctx.app.api, 'member');
    expectStatus(await organiser.api.put(`/events/${event.id}/roles`, { email: checkin.email, role: 'checkin' }), 200, 'the check-in role');
    expect((await checkin.api.get(`/delegations/${delegation.id}/members`)).status).toBe(403);
    expect((await checkin.api.post(`/delegations/${delegation.id}/resend-invitation`)).status).toBe(403);
    expect((await organiser.api.get('/delegations/6f1c3a52-3d1e-4c36-9a0e-2b7d1c9e4f10/members')).status).toBe(404);
  });

  it('describes the new routes in the OpenAPI document', async () => {
    const { document } = await readApiRoutes(ctx.app.url);
    const schema = (method: string, path: string) =>
      operationOf(document, method, path)?.responses?.['200']?.content?.['application/json']?.schema as Record<string, any> | undefined;
    expect(schema('POST', '/api/v1/delegations/{id}/resend-invitation')?.$ref).toBe('#/components/schemas/DelegationResponse');
    expect(schema('GET', '/api/v1/delegations/{id}/members')?.items?.$ref).toBe('#/components/schemas/DelegationMemberResponse');
    expect(Object.keys(document.components.schemas.DelegationMemberResponse.properties ?? {}).sort()).toEqual(
      ['email', 'familyName', 'givenName', 'honorific', 'id', 'isHead', 'status'].sort(),
    );
  });
});
