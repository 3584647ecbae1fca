import { useApp } from '../support/context';
import { createPublishedEvent, createUser, expectStatus, registrant, TestUser } from '../support/factories';
import { eventually } from '../support/mailings';
import { SinkMessage, useSmtpSink } from '../support/smtp';

/** Issue 14 (#6, #12, #15): invitations are for their invitees, join their delegation, and are not sent twice by mistake. */
describe('Invitations: for the invitee, into their delegation, once', () => {
  const env: Record<string, string> = { REGISTRATION_RATE_LIMIT: '0', MAIL_POLL_INTERVAL_MS: '500', MAIL_RETRY_DELAY_SECONDS: '1' };
  const smtp = useSmtpSink(env);
  const ctx = useApp(env);
  let organiser: TestUser;

  beforeAll(async () => {
    organiser = await createUser(ctx.app.api, 'organiser');
  });

  const mailsTo = async (email: string): Promise<SinkMessage[]> =>
    (await smtp.sink.messages()).filter((message) => message.envelopeTo.includes(email));
  /** The token of the latest invitation mail to this address. */
  const invitationToken = async (email: string, count = 1): Promise<string> => {
    const mails = await eventually(
      async () => {
        const found = await mailsTo(email);
        return found.length >= count ? found : undefined;
      },
      30_000,
      `${count} invitation mail(s) to ${email}`,
    );
    return /[?&]invitation=([\w-]+)/.exec(mails[mails.length - 1].text!)![1];
  };
  const register = (eventId: string, body: Record<string, unknown>) =>
    ctx.app.api.post(`/events/${eventId}/registrations`, registrant(body));

  it('refuses a forwarded invitation, naming the email, and the invitee still registers with it', async () => {
    const event = await createPublishedEvent(organiser.api, { inviteOnly: true, title: 'Invitation-only Ministerial Meeting' });
    expectStatus(
      await organiser.api.post(`/events/${event.id}/invitations`, {
        recipients: [{ email: 'dg@iom.int', givenName: 'Amy', familyName: 'Pope' }],
      }),
      202,
      'invitation',
    );
    const token = await invitationToken('dg@iom.int');

    const forwarded = await register(event.id, { email: 'forwarded@evil.example', invitationToken: token });
    expect(forwarded.status).toBe(403);
    expect(forwarded.body.code).toBe('INVITATION_FOR_ANOTHER_EMAIL');
    expect(forwarded.body.details).toEqual([{ field: 'email', message: 'is not the address this invitation was sent to' }]);
    expect(forwarded.body.message).not.toContain('dg@iom.int');

    const invitee = await register(event.id, { email: '  DG@iom.INT ', givenName: 'Amy', familyName: 'Pope', invitationToken: token });
    expect(invitee.status).toBe(201);
    expect(invitee.body.status).toBe('confirmed');
    expect((await register(event.id, { email: 'dg@iom.int', invitationToken: token })).status).toBe(403); // used up
    const list = await organiser.api.get(`/events/${event.id}/registrations`);
    expect(list.body.items.map((item: any) => item.email)).toEqual(['dg@iom.int']);
  });

  it('lets anyone use an invitation the organiser made transferable, once', async () => {
    const event = await createPublishedEvent(organiser.api, { inviteOnly: true });
    const sent = await organiser.api.post(`/events/${event.id}/invitations`, {
      recipients: [{ email: 'minister@interior.gov.example', transferable: true }, { email: 'adviser@interior.gov.example' }],
    });
    expect(sent.status).toBe(202);
    const { rows } = await ctx.db.query('SELECT email, transferable FROM invitation WHERE event_id = $1 ORDER BY email', [event.id]);
    expect(rows).toEqual([
      { email: 'adviser@interior.gov.example', transferable: false },
      { email: 'minister@interior.gov.example', transferable: true },
    ]);
    const token = await invitationToken('minister@interior.gov.example');
    const deputy = await register(event.id, { email: 'deputy.minister@interior.gov.example', invitationToken: token });
    expect(deputy.status).toBe(201);
    expect((await register(event.id, { email: 'minister@interior.gov.example', invitationToken: token })).status).toBe(403); // used up
    expect(
      (await organiser.api.post(`/events/${event.id}/invitations`, { recipients: [{ email: 'x@example.org', transferable: 'yes' }] })).body
        .details,
    ).toEqual([{ field: 'recipients.0.transferable', message: 'must be a boolean value' }]);
  });

  it("refuses a delegation of another event or none, and seats the invitee in the invitation's delegation, within its quota", async () => {
    const event = await createPublishedEvent(organiser.api, { inviteOnly: true });
    const other = await createPublishedEvent(organiser.api);
    const delegation = expectStatus(
      await organiser.api.post(`/events/${event.id}/delegations`, {
        name: 'International Organization for Migration',
        kind: 'organisation',
        organisationName: 'IOM',
        quota: 1,
      }),
      201,
      'delegation',
    );
    const foreign = expectStatus(
      await organiser.api.post(`/events/${other.id}/delegations`, { name: 'Pakistan', kind: 'country', countryCode: 'PK', quota: 5 }),
      201,
      'delegation',
    );

    const wrong = await organiser.api.post(`/events/${event.id}/invitations`, {
      recipients: [
        { email: 'ok@iom.int', delegationId: delegation.id },
        { email: 'a@example.org', delegationId: foreign.id },
        { email: 'b@example.org', delegationId: '00000000-0000-0000-0000-000000000000' },
      ],
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.details).toEqual([
      { field: 'recipients.1.delegationId', message: 'is not a delegation of this event' },
      { field: 'recipients.2.delegationId', message: 'is not a delegation of this event' },
    ]);
    expect((await ctx.db.query('SELECT count(*)::int AS n FROM invitation WHERE event_id = $1', [event.id])).rows[0].n).toBe(0);

    expectStatus(
      await organiser.api.post(`/events/${event.id}/invitations`, {
        recipients: [
          { email: 'first@iom.int', delegationId: delegation.id },
          { email: 'second@iom.int', delegationId: delegation.id },
        ],
      }),
      202,
      'invitations',
    );
    const first = await register(event.id, { email: 'first@iom.int', invitationToken: await invitationToken('first@iom.int') });
    expect(first.status).toBe(201);
    const members = await organiser.api.get(`/events/${event.id}/registrations?delegationId=${delegation.id}`);
    expect(members.body.items.map((item: any) => item.email)).toEqual(['first@iom.int']);
    expect(
      (await organiser.api.get(`/events/${event.id}/delegations`)).body.find((found: any) => found.id === delegation.id).registeredCount,
    ).toBe(1);

    const secondToken = await invitationToken('second@iom.int');
    const full = await register(event.id, { email: 'second@iom.int', invitationToken: secondToken });
    expect(full.status).toBe(409);
    expect(full.body.code).toBe('DELEGATION_QUOTA_FULL');
    // Refused, the invitation is still unused: once the quota is raised, it works.
    expectStatus(await organiser.api.patch(`/delegations/${delegation.id}`, { quota: 2 }), 200, 'raising the quota');
    expect((await register(event.id, { email: 'second@iom.int', invitationToken: secondToken })).status).toBe(201);
    expect((await organiser.api.get(`/events/${event.id}/registrations?delegationId=${delegation.id}`)).body.total).toBe(2);
  });

  it('attaches the delegation at an open event too, when the invitee registers through their link', async () => {
    const event = await createPublishedEvent(organiser.api);
    const delegation = expectStatus(
      await organiser.api.post(`/events/${event.id}/delegations`, { name: 'Türkiye', kind: 'country', countryCode: 'TR', quota: 3 }),
      201,
      'delegation',
    );
    expectStatus(
      await organiser.api.post(`/events/${event.id}/invitations`, {
        recipients: [{ email: 'envoy@mfa.gov.example', delegationId: delegation.id }],
      }),
      202,
      'invitation',
    );
    const registered = await register(event.id, {
      email: 'envoy@mfa.gov.example',
      invitationToken: await invitationToken('envoy@mfa.gov.example'),
    });
    expect(registered.status).toBe(201);
    expect((await organiser.api.get(`/events/${event.id}/registrations?delegationId=${delegation.id}`)).body.total).toBe(1);
    expect((await register(event.id, {})).status).toBe(201); // open: no invitation needed
  });

  it('skips, and lists, people invited before, unless asked to send again', async () => {
    const event = await createPublishedEvent(organiser.api, { inviteOnly: true });
    const first = await organiser.api.post(`/events/${event.id}/invitations`, {
      recipients: [{ email: 'amina@example.org' }, { email: 'li@example.org' }],
    });
    expect(first.body).toMatchObject({ total: 2, duplicates: 0, skipped: [] });

    const again = await organiser.api.post(`/events/${event.id}/invitations`, {
      recipients: [{ email: 'Amina@example.org' }, { email: 'li@example.org' }, { email: 'new@example.org' }, { email: 'new@example.org' }],
    });
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ total: 1, duplicates: 1 });
    expect(again.body.skipped).toEqual([
      { email: 'amina@example.org', reason: 'already_invited' },
      { email: 'li@example.org', reason: 'already_invited' },
    ]);
    expect((await organiser.api.get(`/mailings/${again.body.mailingId}`)).body.total).toBe(1);

    const resent = await organiser.api.post(`/events/${event.id}/invitations`, {
      recipients: [{ email: 'amina@example.org' }],
      resend: true,
    });
    expect(resent.body).toMatchObject({ total: 1, skipped: [] });
    await invitationToken('amina@example.org', 2);
    await invitationToken('new@example.org');
    expect((await mailsTo('li@example.org')).length).toBe(1);
    expect((await mailsTo('new@example.org')).length).toBe(1);
    const { rows } = await ctx.db.query(
      'SELECT email, count(*)::int AS n FROM invitation WHERE event_id = $1 GROUP BY email ORDER BY email',
      [event.id],
    );
    expect(rows).toEqual([
      { email: 'amina@example.org', n: 2 },
      { email: 'li@example.org', n: 1 },
      { email: 'new@example.org', n: 1 },
    ]);
  });

  it('invites each person once when the same list is sent twice at the same time', async () => {
    const event = await createPublishedEvent(organiser.api, { inviteOnly: true });
    const recipients = Array.from({ length: 20 }, (_, index) => ({ email: `parallel-${index}@example.org` }));
    const answers = await Promise.all([0, 1, 2].map(() => organiser.api.post(`/events/${event.id}/invitations`, { recipients })));
    expect(answers.map((answer) => answer.status)).toEqual([202, 202, 202]);
    expect(answers.map((answer) => answer.body.total).sort()).toEqual([0, 0, 20]);
    expect((await ctx.db.query('SELECT count(*)::int AS n FROM invitation WHERE event_id = $1', [event.id])).rows[0].n).toBe(20);
  });
});
