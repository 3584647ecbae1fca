import { useApp } from '../support/context';
import { bookSpeakers, createPublishedEvent, createSession, createSpeaker, createUser, registrant, TestUser } from '../support/factories';
import { eventually } from '../support/mailings';
import { pdfText } from '../support/pdf';
import { SinkMessage, useSmtpSink } from '../support/smtp';

/** What registrants and speakers receive by mail, and what a registrant's secret manage link lets them do. */
describe('Registration and speaker mail, and the manage link', () => {
  const env: Record<string, string> = {
    REGISTRATION_RATE_LIMIT: '0',
    MAIL_POLL_INTERVAL_MS: '500',
    MAIL_RETRY_DELAY_SECONDS: '1',
    PUBLIC_URL: 'https://plenary.example.org',
  };
  const smtp = useSmtpSink(env);
  const ctx = useApp(env);
  let organiser: TestUser;

  beforeAll(async () => {
    organiser = await createUser(ctx.app.api, 'organiser');
  });

  const mailTo = (email: string, subject?: RegExp): Promise<SinkMessage> =>
    eventually(
      async () =>
        (await smtp.sink.messages()).find(
          (message) => message.envelopeTo.includes(email) && (!subject || subject.test(message.subject ?? '')),
        ),
      30_000,
      `a mail to ${email}`,
    );
  const MANAGE_LINK = /\/registrations\/manage\/([\w-]+)/;
  const manageToken = (message: SinkMessage): string => MANAGE_LINK.exec(message.text!)![1];
  /** The manage token from the first mail to this address that carries one. */
  const manageTokenOf = async (email: string): Promise<string> =>
    manageToken(
      await eventually(
        async () =>
          (await smtp.sink.messages()).find((message) => message.envelopeTo.includes(email) && MANAGE_LINK.test(message.text ?? '')),
        30_000,
        `a manage link for ${email}`,
      ),
    );

  it('cancelling a confirmed registration promotes waitlist #1, who is mailed promoted_from_waitlist', async () => {
    const event = await createPublishedEvent(organiser.api, { capacity: 1, title: 'Regional Cooperation Workshop' });
    const first = registrant({ givenName: 'Nabeel', familyName: 'Munir' });
    const second = registrant({ givenName: 'Mio', familyName: 'Sato' });
    expect((await ctx.app.api.post(`/events/${event.slug}/registrations`, first)).body.status).toBe('confirmed');
    expect((await ctx.app.api.post(`/events/${event.slug}/registrations`, second)).body).toEqual(
      expect.objectContaining({ status: 'waitlisted', waitlistPosition: 1 }),
    );

    const confirmation = await mailTo(first.email as string);
    expect(confirmation.html).toContain('Nabeel');
    const waitlisted = await mailTo(second.email as string);
    expect(waitlisted.text).toMatch(/waiting list|waitlist/i);
    expect(waitlisted.text).toMatch(/at position 1\./); // the position is written into the mail by the same statement

    const token = manageToken(confirmation);
    const view = await ctx.app.api.get(`/registrations/manage/${token}`);
    expect(view.status).toBe(200);
    expect(view.body.registration).toEqual(expect.objectContaining({ email: first.email, status: 'confirmed' }));
    const badge = await fetch(`${ctx.app.api.baseUrl}/registrations/manage/${token}/badge.pdf`);
    expect(badge.status).toBe(200);
    expect(pdfText(Buffer.from(await badge.arrayBuffer()))).toContain('Munir');

    const cancelled = await ctx.app.api.post(`/registrations/manage/${token}/cancel`);
    expect(cancelled.body).toEqual({ id: view.body.registration.id, status: 'cancelled' });

    const promoted = await mailTo(second.email as string, /./);
    const promotedMail = await eventually(
      async () =>
        (await smtp.sink.messages())
          .filter((message) => message.envelopeTo.includes(second.email as string))
          .find((m) => m !== waitlisted && m.messageId !== waitlisted.messageId),
      30_000,
      'the promotion mail',
    );
    expect(promoted).toBeDefined();
    expect(promotedMail.text).toMatch(/seat|confirmed|place/i);
    const secondView = await ctx.app.api.get(`/registrations/manage/${manageToken(promotedMail)}`);
    expect(secondView.body.registration).toEqual(expect.objectContaining({ status: 'confirmed', waitlistPosition: null }));
    const { rows } = await ctx.db.query('SELECT template FROM mail_message WHERE to_email = $1 ORDER BY created_at', [second.email]);
    expect(rows.map((row: any) => row.template)).toEqual(['waitlisted', 'promoted_from_waitlist']);

    // The links work, yet the database holds neither them nor their tokens (only the tokens' hashes).
    const stored = await ctx.db.query('SELECT data::text AS data FROM mail_message WHERE to_email = ANY($1)', [
      [first.email, second.email],
    ]);
    expect(stored.rows).toHaveLength(3);
    for (const row of stored.rows) {
      expect(row.data).not.toContain('/registrations/manage/');
      for (const secret of [token, manageToken(promotedMail), manageToken(waitlisted)]) expect(row.data).not.toContain(secret);
    }
  });

  it('a manage link shows only its own registration; a forged one shows nothing; no API response carries a token', async () => {
    const event = await createPublishedEvent(organiser.api);
    const alice = registrant();
    const bob = registrant();
    const aliceOutcome = await ctx.app.api.post(`/events/${event.id}/registrations`, alice);
    await ctx.app.api.post(`/events/${event.id}/registrations`, bob);
    expect(JSON.stringify(aliceOutcome.body)).not.toMatch(/token/i);
    const aliceToken = manageToken(await mailTo(alice.email as string));
    const bobToken = manageToken(await mailTo(bob.email as string));
    expect(aliceToken).not.toBe(bobToken);

    const view = await ctx.app.api.get(`/registrations/manage/${aliceToken}`);
    expect(JSON.stringify(view.body)).not.toContain(bob.email as string);
    expect(JSON.stringify(view.body)).not.toMatch(/manageToken|badgeCode/);
    expect((await ctx.app.api.get(`/registrations/manage/${aliceToken.slice(0, -2)}xx`)).status).toBe(404);
    const list = await organiser.api.get(`/events/${event.id}/registrations`);
    expect(JSON.stringify(list.body)).not.toMatch(/manageToken|manage_token|badgeCode/);

    const updated = await ctx.app.api.patch(`/registrations/manage/${aliceToken}`, {
      jobTitle: 'Director, Border Management',
      email: 'hijack@example.org',
    });
    expect(updated.status).toBe(400);
    expect(updated.body.details).toEqual([{ field: 'email', message: 'should not exist' }]);
    const ok = await ctx.app.api.patch(`/registrations/manage/${aliceToken}`, { jobTitle: 'Director, Border Management' });
    expect(ok.body.jobTitle).toBe('Director, Border Management');
  });

  it('answers changed through the manage link are checked against the form, field by field, and a refusal changes nothing', async () => {
    const event = await createPublishedEvent(organiser.api);
    const form = await organiser.api.put(`/events/${event.id}/registration-form`, {
      fields: [{ key: 'dietary', label: 'Dietary needs', type: 'select', options: ['none', 'halal', 'vegetarian'], required: true }],
    });
    expect(form.status).toBe(200);
    const person = registrant({ answers: { dietary: 'halal' } });
    expect((await ctx.app.api.post(`/events/${event.id}/registrations`, person)).status).toBe(201);
    const token = manageToken(await mailTo(person.email as string));

    const refused = await ctx.app.api.patch(`/registrations/manage/${token}`, {
      jobTitle: 'Counsellor',
      answers: { dietary: 'pescatarian' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: 'answers.dietary', message: 'must be one of: none, halal, vegetarian' }],
    });
    expect(refused.body.message).toContain('answers.dietary');
    const unchanged = await ctx.app.api.get(`/registrations/manage/${token}`);
    expect(unchanged.body.registration).toEqual(expect.objectContaining({ jobTitle: null, answers: { dietary: 'halal' } }));

    const changed = await ctx.app.api.patch(`/registrations/manage/${token}`, { answers: { dietary: 'vegetarian' } });
    expect([changed.status, changed.body.answers]).toEqual([200, { dietary: 'vegetarian' }]);
  });

  it("the head of a delegation is mailed its code, registers with it, and sees the delegation's members", async () => {
    const event = await createPublishedEvent(organiser.api);
    const head = { email: 'head.tr@example.org', givenName: 'Ayşe', familyName: 'Yılmaz' };
    const delegation = await organiser.api.post(`/events/${event.id}/delegations`, {
      name: 'Republic of Türkiye',
      kind: 'country',
      countryCode: 'TR',
      quota: 3,
      head,
    });
    expect(delegation.status).toBe(201);
    const invitation = await mailTo(head.email);
    expect(invitation.text).toContain(delegation.body.code);
    expect(invitation.text).toContain(`/events/${event.slug}/register?delegation=${delegation.body.code}`);

    await ctx.app.api.post(`/events/${event.id}/registrations`, registrant({ ...head, delegationCode: delegation.body.code }));
    const member = registrant({ delegationCode: delegation.body.code, givenName: 'Mehmet' });
    await ctx.app.api.post(`/events/${event.id}/registrations`, member);
    const outsider = registrant();
    await ctx.app.api.post(`/events/${event.id}/registrations`, outsider);

    const headView = await ctx.app.api.get(`/registrations/manage/${await manageTokenOf(head.email)}`);
    expect(headView.body.registration.isHeadOfDelegation).toBe(true);
    expect(headView.body.delegationMembers.map((m: any) => m.email)).toEqual([member.email]);
    const memberView = await ctx.app.api.get(`/registrations/manage/${await manageTokenOf(member.email as string)}`);
    expect(memberView.body.delegationMembers).toBeUndefined();

    const moved = await organiser.api.patch(`/delegations/${delegation.body.id}`, { status: 'nominated' });
    expect(moved.body.status).toBe('nominated');
    expect((await organiser.api.patch(`/delegations/${delegation.body.id}`, { status: 'invited' })).status).toBe(409);
    expect((await organiser.api.patch(`/delegations/${delegation.body.id}`, { quota: 1 })).body.code).toBe('QUOTA_BELOW_REGISTERED');
  });

  it('an invite-only event takes the token from the invitation, once: two parallel uses, one wins', async () => {
    const event = await createPublishedEvent(organiser.api, { inviteOnly: true });
    const invited = { email: 'minister@interior.gov.example', givenName: 'Talal', familyName: 'Chaudhry' };
    const mailing = await organiser.api.post(`/events/${event.id}/invitations`, { recipients: [invited] });
    expect(mailing.status).toBe(202);
    const token = /[?&]invitation=([\w-]+)/.exec((await mailTo(invited.email)).text!)![1];

    expect((await ctx.app.api.post(`/events/${event.id}/registrations`, registrant({ invitationToken: 'made-up' }))).status).toBe(403);
    // Both with the invitee's own address (an invitation is for its invitee, issue 14), in two spellings.
    const attempts = await Promise.all(
      [invited.email, ` ${invited.email.toUpperCase()} `].map((email) =>
        ctx.app.api.post(`/events/${event.id}/registrations`, registrant({ invitationToken: token, email })),
      ),
    );
    expect(attempts.map((attempt) => attempt.status).sort()).toEqual([201, 403]);
    expect((await ctx.app.api.post(`/events/${event.id}/registrations`, registrant({ invitationToken: token }))).status).toBe(403);
  });

  it('an organiser invites a booked speaker: the speaker_invitation mail names the session, its time in Islamabad and the role', async () => {
    const event = await createPublishedEvent(organiser.api, { startDate: '2025-11-26', endDate: '2025-11-27', timezone: 'Asia/Karachi' });
    const session = await createSession(organiser.api, event.id, {
      title: 'Opening Session',
      kind: 'opening',
      startsAt: '2025-11-26T09:30:00+05:00',
      endsAt: '2025-11-26T10:30:00+05:00',
      room: 'Jinnah Hall',
    });
    const speaker = await createSpeaker(organiser.api, event.id, {
      honorific: 'Ms',
      fullName: 'Mio Sato',
      email: 'mio.sato@iom.example.org',
      precedence: 40,
    });
    const silent = await createSpeaker(organiser.api, event.id, { fullName: 'No Address' });
    await bookSpeakers(organiser.api, session.id, [
      { speakerId: speaker.id, role: 'speaker' },
      { speakerId: silent.id, role: 'panellist' },
    ]);

    const other = await createUser(ctx.app.api, 'organiser');
    expect((await other.api.post(`/sessions/${session.id}/speakers/${speaker.id}/invitation`)).status).toBe(403);
    expect((await organiser.api.post(`/sessions/${session.id}/speakers/${silent.id}/invitation`)).body.code).toBe('SPEAKER_WITHOUT_EMAIL');
    const invited = await organiser.api.post(`/sessions/${session.id}/speakers/${speaker.id}/invitation`);
    expect(invited.status).toBe(202);
    const mail = await mailTo('mio.sato@iom.example.org');
    expect(mail.text).toContain('Opening Session');
    expect(mail.text).toContain('09:30');
    expect(mail.text).toContain('Jinnah Hall');
    expect(mail.text).toContain(`https://plenary.example.org/events/${event.slug}/agenda`);
  });
});
