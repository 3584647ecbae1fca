import { useApp } from '../support/context';
import { createPublishedEvent, createUser, expectStatus, registrant, TestUser } from '../support/factories';
import { eventually } from '../support/mailings';
import { SinkMessage, useSmtpSink } from '../support/smtp';

/** Bulk approval and rejection of a selection (issue 16), a registration's history and its mails. */
describe('Bulk review, history and mails of registrations (issue 16)', () => {
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
    event = await createPublishedEvent(organiser.api, { approvalRequired: true, title: 'Forum on Coastal Resilience' });
  });

  const register = async (overrides: Record<string, unknown> = {}, slug = event.slug) => {
    const body = registrant(overrides);
    const outcome = expectStatus(await ctx.app.api.post(`/events/${slug}/registrations`, body), 201, 'registering');
    return { id: outcome.id as string, email: body.email as string };
  };
  const mailsTo = async (email: string, subject: RegExp, count = 1): Promise<SinkMessage[]> =>
    eventually(
      async () => {
        const found = (await smtp.sink.messages()).filter((m) => m.envelopeTo.includes(email) && subject.test(m.subject ?? ''));
        return found.length >= count ? found : undefined;
      },
      30_000,
      `${count} mail(s) "${subject.source}" to ${email}`,
    );

  it('approves a selection: each one confirmed and mailed once; one already confirmed is skipped with the reason', async () => {
    const three = [await register(), await register(), await register()];
    const response = await organiser.api.post(`/events/${event.id}/registrations/approve`, { ids: three.map((person) => person.id) });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ approved: three.map(({ id }) => ({ id, status: 'confirmed' })), skipped: [] });
    for (const person of three) expect(await mailsTo(person.email, /^Registration confirmed: Forum on Coastal Resilience/)).toHaveLength(1);

    const fourth = await register();
    const again = expectStatus(
      await organiser.api.post(`/events/${event.id}/registrations/approve`, { ids: [three[0].id, fourth.id] }),
      200,
      'approving again',
    );
    expect(again).toEqual({
      approved: [{ id: fourth.id, status: 'confirmed' }],
      skipped: [{ id: three[0].id, reason: 'Only pending registrations can be approved; this one is confirmed' }],
    });
    await mailsTo(fourth.email, /^Registration confirmed/);
    expect(await mailsTo(three[0].email, /^Registration confirmed/)).toHaveLength(1);
  });

  it('rejects a selection with a reason that each rejection mail carries, escaped in HTML', async () => {
    const two = [await register(), await register()];
    const reason = 'The venue holds <b>120</b> people & is full';
    const response = expectStatus(
      await organiser.api.post(`/events/${event.id}/registrations/reject`, { ids: two.map((person) => person.id), reason }),
      200,
      'rejecting',
    );
    expect(response).toEqual({ rejected: two.map(({ id }) => ({ id, status: 'rejected' })), skipped: [] });
    for (const person of two) {
      const [mail] = await mailsTo(person.email, /^Your registration for the Forum on Coastal Resilience/);
      expect(mail.text).toContain(reason);
      expect(mail.html).toContain('The venue holds &lt;b&gt;120&lt;/b&gt; people &amp; is full');
    }
  });

  it('refuses a selection holding another event’s registration, naming it, and changes nothing', async () => {
    const other = await createPublishedEvent(organiser.api, { approvalRequired: true });
    const mine = await register();
    const theirs = await register({}, other.slug);
    const response = await organiser.api.post(`/events/${event.id}/registrations/approve`, { ids: [mine.id, theirs.id] });
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([{ field: 'ids.1', message: `${theirs.id} is not a registration of this event` }]);
    const listed = expectStatus(await organiser.api.get(`/events/${event.id}/registrations?status=pending`), 200, 'list');
    expect(listed.items.map((item: { id: string }) => item.id)).toContain(mine.id);
    expect((await organiser.api.post(`/events/${event.id}/registrations/reject`, { ids: ['nope'] })).body.details[0].field).toBe('ids');
    const outsider = await createUser(ctx.app.api, 'member');
    expect((await outsider.api.post(`/events/${event.id}/registrations/approve`, { ids: [mine.id] })).status).toBe(403);
    expect((await outsider.api.get(`/registrations/${mine.id}/history`)).status).toBe(403);
    expect((await outsider.api.get(`/registrations/${mine.id}/mails`)).status).toBe(403);
  });

  it('keeps the history of register → approve → cancel, and lists the mails with their delivery status', async () => {
    const person = await register();
    expectStatus(await organiser.api.post(`/registrations/${person.id}/approve`), 200, 'approving');
    const [confirmed] = await mailsTo(person.email, /^Registration confirmed/);
    const token = /\/registrations\/manage\/([\w-]+)/.exec(confirmed.text!)![1];
    expectStatus(await ctx.app.api.post(`/registrations/manage/${token}/cancel`), 200, 'cancelling');

    const history = expectStatus(await organiser.api.get(`/registrations/${person.id}/history`), 200, 'history');
    expect(
      history.map(({ fromStatus, toStatus, actorUserId }: Record<string, unknown>) => ({ fromStatus, toStatus, actorUserId })),
    ).toEqual([
      { fromStatus: null, toStatus: 'pending', actorUserId: null },
      { fromStatus: 'pending', toStatus: 'confirmed', actorUserId: organiser.id },
      { fromStatus: 'confirmed', toStatus: 'cancelled', actorUserId: null },
    ]);

    const mails = await eventually(
      async () => {
        const body = expectStatus(await organiser.api.get(`/registrations/${person.id}/mails`), 200, 'mails');
        return body.every((mail: { status: string }) => mail.status === 'sent') ? body : undefined;
      },
      30_000,
      'the mails sent',
    );
    expect(
      mails.map(({ template, subject, status, attempts }: Record<string, unknown>) => ({ template, subject, status, attempts })),
    ).toEqual([
      { template: 'registration_received', subject: 'Registration received: Forum on Coastal Resilience', status: 'sent', attempts: 1 },
      { template: 'registration_confirmed', subject: 'Registration confirmed: Forum on Coastal Resilience', status: 'sent', attempts: 1 },
    ]);
  });
});
