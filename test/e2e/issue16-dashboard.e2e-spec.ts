import { LinkTokens } from '../../src/auth/link-tokens';
import { TEST_JWT_SECRET } from '../support/app';
import { useApp } from '../support/context';
import { createEvent, createPublishedEvent, createUser, expectStatus, registrant, TestUser } from '../support/factories';
import { eventually } from '../support/mailings';
import { useSmtpSink } from '../support/smtp';

const manageToken = (registrationId: string) => new LinkTokens(TEST_JWT_SECRET).tokenFor('manage', registrationId);

/**
 * Issue 16: the organisers' dashboard of an event through the API. Every figure comes from what was done
 * through the API (registrations in each status and category, delegation members, a check-in, mails
 * delivered to the SMTP sink, refused by it, or still waiting), and the registrations per day are counted
 * in the event's time zone.
 */
describe('Issue 16: GET /events/:id/dashboard', () => {
  const env: Record<string, string> = {
    REGISTRATION_RATE_LIMIT: '0',
    MAIL_POLL_INTERVAL_MS: '500',
    MAIL_YIELD_SECONDS: '0',
    MAIL_RETRY_DELAY_SECONDS: '600',
  };
  const smtp = useSmtpSink(env);
  const ctx = useApp(env);
  let organiser: TestUser;
  let event: any;
  let dashboard: any;
  let mailLog: { queued: number; sent: number; failed: number };
  let delivered: number;
  const pakistan: { id?: string; code?: string } = {};
  let interpolId: string;

  const register = async (fields: Record<string, unknown>) =>
    expectStatus(await ctx.app.api.post(`/events/${event.id}/registrations`, registrant(fields)), 201, 'registering');
  const mailLogTotal = async (status: string) =>
    expectStatus(await organiser.api.get(`/events/${event.id}/mail-log?status=${status}&pageSize=1`), 200, 'reading the mail log')
      .total as number;

  beforeAll(async () => {
    organiser = await createUser(ctx.app.api, 'organiser');
    event = await createPublishedEvent(organiser.api, { capacity: 2, approvalRequired: true, timezone: 'Asia/Karachi' });
    const delegation = expectStatus(
      await organiser.api.post(`/events/${event.id}/delegations`, {
        name: 'Islamic Republic of Pakistan',
        kind: 'country',
        countryCode: 'PK',
        quota: 3,
        head: { email: 'head.pk@example.org', givenName: 'Imran', familyName: 'Qureshi' },
      }),
      201,
      'creating a delegation',
    );
    Object.assign(pakistan, { id: delegation.id, code: delegation.code });
    interpolId = expectStatus(
      await organiser.api.post(`/events/${event.id}/delegations`, {
        name: 'INTERPOL',
        kind: 'organisation',
        organisationName: 'INTERPOL',
        quota: 2,
      }),
      201,
      'creating a second delegation',
    ).id;
    await smtp.sink.rejectRecipients(/@refused\.example\.org$/, 550);

    // All pending at first (approval required); the capacity of 2 is met by the first two approvals.
    const member = await register({ category: 'delegate', delegationCode: pakistan.code });
    const pendingMember = await register({ category: 'observer', delegationCode: pakistan.code });
    const speaker = await register({ category: 'speaker' });
    const media = await register({ category: 'media' });
    const rejected = await register({ category: 'delegate' });
    const cancelled = await register({ category: 'observer' });
    const refusedMail = await register({ category: 'delegate', email: 'someone@refused.example.org' });
    for (const { id } of [member, speaker, media]) expectStatus(await organiser.api.post(`/registrations/${id}/approve`), 200, 'approving');
    expectStatus(
      await organiser.api.post(`/registrations/${rejected.id}/reject`, { reason: 'Seats are for delegations' }),
      200,
      'rejecting',
    );
    expectStatus(await ctx.app.api.post(`/registrations/manage/${manageToken(cancelled.id)}/cancel`), 200, 'cancelling');
    const { rows } = await ctx.db.query('SELECT badge_code FROM registration WHERE id = $1', [speaker.id]);
    expectStatus(await organiser.api.post(`/events/${event.id}/check-ins`, { badgeCode: rows[0].badge_code }), 200, 'checking in');

    // Every mail so far delivered or refused; then the relay goes away and one more mail waits.
    await eventually(async () => (await mailLogTotal('queued')) === 0, 60_000, 'the mails to leave');
    delivered = (await smtp.sink.count()).distinct;
    await smtp.sink.refuseConnections(true);
    const waiting = await register({ category: 'delegate' });

    // The days the registrations were made: 18:00 UTC is 23:00 in Karachi (UTC+5), 23:30 UTC is 04:30 the next day.
    const at = (instant: string, ids: string[]) =>
      ctx.db.query('UPDATE registration SET created_at = $1 WHERE id = ANY($2::uuid[])', [instant, ids]);
    await at('2026-11-20T18:00:00Z', [member.id]);
    await at('2026-11-20T23:30:00Z', [pendingMember.id]);
    await at('2026-11-25T10:00:00Z', [speaker.id, media.id, rejected.id, cancelled.id, refusedMail.id, waiting.id]);

    dashboard = expectStatus(await organiser.api.get(`/events/${event.id}/dashboard`), 200, 'reading the dashboard');
    mailLog = { queued: await mailLogTotal('queued'), sent: await mailLogTotal('sent'), failed: await mailLogTotal('failed') };
  });

  it('counts the registrations by status (every status) and by category (every category)', () => {
    expect(dashboard.registrations).toEqual({
      total: 8,
      byStatus: { pending: 3, confirmed: 2, waitlisted: 1, rejected: 1, cancelled: 1 },
      byCategory: [
        { category: 'delegate', count: 4 },
        { category: 'observer', count: 2 },
        { category: 'speaker', count: 1 },
        { category: 'media', count: 1 },
        { category: 'staff', count: 0 },
        { category: 'security', count: 0 },
      ],
    });
  });

  it('shows the capacity, the seats taken and the waitlist, and the check-ins of confirmed registrants', () => {
    expect(dashboard.capacity).toEqual({ capacity: 2, seatsTaken: 2, waitlistLength: 1 });
    expect(dashboard.checkIns).toEqual({ checkedIn: 1, of: 2 });
  });

  it('lists the delegations with their members as the quota counts them (pending and confirmed)', async () => {
    expect(dashboard.delegations).toEqual([
      { id: interpolId, name: 'INTERPOL', quota: 2, members: 0, status: 'invited' },
      { id: pakistan.id, name: 'Islamic Republic of Pakistan', quota: 3, members: 2, status: 'invited' },
    ]);
    const listed = expectStatus(await organiser.api.get(`/events/${event.id}/delegations`), 200, 'listing delegations');
    expect(listed.find((delegation: any) => delegation.id === pakistan.id).registeredCount).toBe(2);
  });

  it('counts the mails as the relay saw them: delivered, refused for good, and one still waiting', () => {
    expect(delivered).toBeGreaterThanOrEqual(10);
    expect(dashboard.mail).toEqual({ queued: 1, sent: delivered, failed: 1 });
    expect(mailLog).toEqual(dashboard.mail);
  });

  it("counts registrations per day in the event's time zone, the days between zero-filled", () => {
    expect(dashboard.timezone).toBe('Asia/Karachi');
    expect(dashboard.perDay).toEqual([
      { date: '2026-11-20', count: 1 },
      { date: '2026-11-21', count: 1 },
      { date: '2026-11-22', count: 0 },
      { date: '2026-11-23', count: 0 },
      { date: '2026-11-24', count: 0 },
      { date: '2026-11-25', count: 6 },
    ]);
  });

  it('is for the organisers: 403 for the check-in staff, the same rule as for anyone at a published event; 404 for an event one may not see', async () => {
    const staff = await createUser(ctx.app.api, 'member');
    expectStatus(await organiser.api.put(`/events/${event.id}/roles`, { email: staff.email, role: 'checkin' }), 200, 'granting check-in');
    const asStaff = await staff.api.get(`/events/${event.id}/dashboard`);
    expect(asStaff.status).toBe(403);
    expect(asStaff.body.code).toBe('FORBIDDEN');

    const other = await createUser(ctx.app.api, 'organiser');
    const othersDraft = await createEvent(other.api);
    expect((await other.api.get(`/events/${othersDraft.id}/dashboard`)).status).toBe(200);
    const ofDraft = await organiser.api.get(`/events/${othersDraft.id}/dashboard`);
    expect(ofDraft.status).toBe(404);
    expect(ofDraft.body.code).toBe('NOT_FOUND');
    const ofPublished = await other.api.get(`/events/${event.id}/dashboard`);
    expect(ofPublished.status).toBe(403);
    expect((await organiser.api.get('/events/00000000-0000-4000-8000-000000000009/dashboard')).status).toBe(404);
    expect((await ctx.app.api.get(`/events/${event.id}/dashboard`)).status).toBe(401);
  });

  it('answers an empty event with zeros and no days', async () => {
    const empty = await createEvent(organiser.api, { timezone: 'Europe/Vienna' });
    const body = expectStatus(await organiser.api.get(`/events/${empty.id}/dashboard`), 200, 'reading an empty dashboard');
    expect(body).toEqual({
      eventId: empty.id,
      timezone: 'Europe/Vienna',
      registrations: {
        total: 0,
        byStatus: { pending: 0, confirmed: 0, waitlisted: 0, rejected: 0, cancelled: 0 },
        byCategory: ['delegate', 'observer', 'speaker', 'media', 'staff', 'security'].map((category) => ({ category, count: 0 })),
      },
      capacity: { capacity: null, seatsTaken: 0, waitlistLength: 0 },
      delegations: [],
      mail: { queued: 0, sent: 0, failed: 0 },
      checkIns: { checkedIn: 0, of: 0 },
      perDay: [],
    });
  });
});
