import { useApp } from '../support/context';
import { createPublishedEvent, createUser, registrant, TestUser } from '../support/factories';

/** Seats and the waitlist under a rush: the database, not luck, keeps the numbers right. */
describe('Registration capacity under concurrency', () => {
  const ctx = useApp({ REGISTRATION_RATE_LIMIT: '0' });
  let organiser: TestUser;

  beforeAll(async () => {
    organiser = await createUser(ctx.app.api, 'organiser');
  });

  it('1,000 people registering at once for 100 seats: exactly 100 confirmed, 900 waitlisted at positions 1..900', async () => {
    const event = await createPublishedEvent(organiser.api, { capacity: 100 });
    const responses = await Promise.all(
      Array.from({ length: 1000 }, () => ctx.app.api.post(`/events/${event.slug}/registrations`, registrant())),
    );

    expect(responses.map((response) => response.status).filter((status) => status !== 201)).toEqual([]);
    const confirmed = responses.filter((response) => response.body.status === 'confirmed');
    const waitlisted = responses.filter((response) => response.body.status === 'waitlisted');
    expect(confirmed).toHaveLength(100);
    expect(waitlisted).toHaveLength(900);
    const positions = waitlisted.map((response) => response.body.waitlistPosition).sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: 900 }, (_, index) => index + 1));
    for (const response of responses) expect(JSON.stringify(response.body)).not.toMatch(/token/i);

    const { rows } = await ctx.db.query(
      `SELECT count(*) FILTER (WHERE status = 'confirmed')::int AS confirmed,
              count(*) FILTER (WHERE status = 'waitlisted')::int AS waitlisted,
              count(DISTINCT waitlist_position)::int AS distinct_positions, max(waitlist_position) AS last
       FROM registration WHERE event_id = $1`,
      [event.id],
    );
    expect(rows[0]).toEqual({ confirmed: 100, waitlisted: 900, distinct_positions: 900, last: 900 });
    // Everyone got the one mail of their outcome; a waitlisted person's names their own place.
    const mails = await ctx.db.query(
      `SELECT count(*)::int AS registrations,
              count(*) FILTER (WHERE m.template = CASE r.status WHEN 'confirmed' THEN 'registration_confirmed' ELSE 'waitlisted' END
                                 AND (m.data->>'waitlistPosition')::int IS NOT DISTINCT FROM r.waitlist_position)::int AS matching
       FROM registration r JOIN mail_message m ON m.event_id = r.event_id AND m.to_email = r.email
       WHERE r.event_id = $1`,
      [event.id],
    );
    expect(mails.rows[0]).toEqual({ registrations: 1000, matching: 1000 });
    const seats = await ctx.db.query(
      'SELECT count(registration_id)::int AS taken, count(*)::int AS total FROM event_seat WHERE event_id = $1',
      [event.id],
    );
    expect(seats.rows[0]).toEqual({ taken: 100, total: 100 });
  });

  it('a capacity set after people registered counts them: they keep seats, the limit holds, even while people keep registering', async () => {
    const seatsOf = async (eventId: string) =>
      (
        await ctx.db.query(
          `SELECT (SELECT count(*) FROM registration WHERE event_id = $1 AND status = 'confirmed')::int AS confirmed,
                  (SELECT count(registration_id) FROM event_seat WHERE event_id = $1)::int AS taken,
                  (SELECT count(*) FROM event_seat WHERE event_id = $1)::int AS total`,
          [eventId],
        )
      ).rows[0];
    const open = await createPublishedEvent(organiser.api, { capacity: null });
    for (let i = 0; i < 3; i++)
      expect((await ctx.app.api.post(`/events/${open.slug}/registrations`, registrant())).body.status).toBe('confirmed');
    const tooSmall = await organiser.api.patch(`/events/${open.id}`, { capacity: 2 });
    expect([tooSmall.status, tooSmall.body.code]).toEqual([409, 'CAPACITY_BELOW_CONFIRMED']);
    expect((await organiser.api.patch(`/events/${open.id}`, { capacity: 4 })).status).toBe(200);
    expect(await seatsOf(open.id)).toEqual({ confirmed: 3, taken: 3, total: 4 });
    expect((await ctx.app.api.post(`/events/${open.slug}/registrations`, registrant())).body.status).toBe('confirmed');
    expect((await ctx.app.api.post(`/events/${open.slug}/registrations`, registrant())).body).toMatchObject({
      status: 'waitlisted',
      waitlistPosition: 1,
    });
    expect(await seatsOf(open.id)).toEqual({ confirmed: 4, taken: 4, total: 4 });

    // The capacity arrives in the middle of a rush of registrations to an event without a limit.
    const rushed = await createPublishedEvent(organiser.api, { capacity: null });
    const rush = Promise.all(Array.from({ length: 300 }, () => ctx.app.api.post(`/events/${rushed.slug}/registrations`, registrant())));
    await new Promise((resolve) => setTimeout(resolve, 150));
    const capped = await organiser.api.patch(`/events/${rushed.id}`, { capacity: 250 });
    const responses = await rush;
    expect(responses.filter((response) => response.status !== 201).map((response) => response.text)).toEqual([]);
    const seats = await seatsOf(rushed.id);
    if (capped.status === 200) {
      expect(seats.confirmed).toBeLessThanOrEqual(250);
      expect(seats).toEqual({ confirmed: seats.confirmed, taken: seats.confirmed, total: 250 });
    } else {
      // Every one of the 300 had been confirmed before the change could count them.
      expect([capped.status, capped.body.code, seats.confirmed]).toEqual([409, 'CAPACITY_BELOW_CONFIRMED', 300]);
    }
  });

  it('the same person 50 times at once, in different case and spacing: one registration, 49 REGISTRATION_EXISTS', async () => {
    const event = await createPublishedEvent(organiser.api, { capacity: 10 });
    const spellings = (i: number) =>
      [' Ambassador@Mofa.gov.pk', 'ambassador@mofa.gov.pk ', 'AMBASSADOR@MOFA.GOV.PK', 'Ambassador@MOFA.gov.pk'][i % 4];
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        ctx.app.api.post(`/events/${event.id}/registrations`, registrant({ email: spellings(i), givenName: 'Asad', familyName: 'Khan' })),
      ),
    );
    expect(responses.filter((response) => response.status === 201)).toHaveLength(1);
    const refused = responses.filter((response) => response.status === 409);
    expect(refused).toHaveLength(49);
    for (const response of refused) expect(response.body.code).toBe('REGISTRATION_EXISTS');
    const { rows } = await ctx.db.query('SELECT email FROM registration WHERE event_id = $1', [event.id]);
    expect(rows).toEqual([{ email: 'ambassador@mofa.gov.pk' }]);
  });

  it.each([
    ['40 seats', 40],
    ['no limit', null],
  ])(
    'a rush that mixes new people with people already registered (%s): each is judged alone, with one mail per registration',
    async (_, capacity) => {
      const event = await createPublishedEvent(organiser.api, { capacity });
      const earlier = Array.from({ length: 5 }, (_, i) => registrant({ email: `earlier-${i}-${event.id.slice(0, 8)}@mofa.gov.pk` }));
      for (const person of earlier) expect((await ctx.app.api.post(`/events/${event.id}/registrations`, person)).status).toBe(201);

      const newcomers = Array.from({ length: 40 }, () => registrant());
      const again = earlier.map((person) => ({ ...person, email: ` ${String(person.email).toUpperCase()}` }));
      const rush = [...newcomers.slice(0, 20), ...again, ...newcomers.slice(20)];
      const responses = await Promise.all(rush.map((person) => ctx.app.api.post(`/events/${event.slug}/registrations`, person)));

      const byEmail = new Map(rush.map((person, index) => [String(person.email).trim().toLowerCase(), responses[index]]));
      for (const person of earlier) expect(byEmail.get(String(person.email))?.body).toMatchObject({ code: 'REGISTRATION_EXISTS' });
      const newcomerResponses = newcomers.map((person) => byEmail.get(String(person.email))!);
      expect(newcomerResponses.map((response) => response.status)).toEqual(newcomers.map(() => 201));
      const statuses = newcomerResponses.map((response) => response.body.status);
      // 5 seats went to the earlier five; of 40 newcomers, 35 get the rest and 5 wait (or all 40 are confirmed without a limit).
      expect(statuses.filter((status) => status === 'confirmed')).toHaveLength(capacity === null ? 40 : 35);
      expect(statuses.filter((status) => status === 'waitlisted')).toHaveLength(capacity === null ? 0 : 5);

      const { rows } = await ctx.db.query(
        `SELECT r.email, r.status, r.waitlist_position AS position, array_agg(m.template ORDER BY m.created_at) AS mails,
              max((m.data->>'waitlistPosition')::int) AS "mailedPosition"
       FROM registration r LEFT JOIN mail_message m ON m.event_id = r.event_id AND m.to_email = r.email
       WHERE r.event_id = $1 GROUP BY r.email, r.status, r.waitlist_position`,
        [event.id],
      );
      expect(rows).toHaveLength(45);
      const mailFor = { confirmed: 'registration_confirmed', waitlisted: 'waitlisted' } as Record<string, string>;
      for (const row of rows) expect(row.mails).toEqual([mailFor[row.status]]);
      // Each waitlisted person's mail names their own place: 1..5, as the API answered.
      const waiting = rows.filter((row) => row.status === 'waitlisted');
      for (const row of waiting)
        expect([row.mailedPosition, byEmail.get(row.email)?.body.waitlistPosition]).toEqual([row.position, row.position]);
      expect(waiting.map((row) => row.position).sort()).toEqual(capacity === null ? [] : [1, 2, 3, 4, 5]);
      if (capacity !== null) {
        const seats = await ctx.db.query('SELECT count(registration_id)::int AS taken FROM event_seat WHERE event_id = $1', [event.id]);
        expect(seats.rows[0].taken).toBe(40);
      }
    },
  );

  it('50 members of a delegation with a quota of 5 at once: exactly 5 accepted', async () => {
    const event = await createPublishedEvent(organiser.api, { capacity: 500 });
    const delegation = await organiser.api.post(`/events/${event.id}/delegations`, {
      name: 'Republic of Türkiye',
      kind: 'country',
      countryCode: 'TR',
      quota: 5,
    });
    expect(delegation.status).toBe(201);
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        ctx.app.api.post(`/events/${event.id}/registrations`, registrant({ delegationCode: delegation.body.code.toLowerCase() })),
      ),
    );
    expect(responses.filter((response) => response.status === 201)).toHaveLength(5);
    const refused = responses.filter((response) => response.status === 409);
    expect(refused).toHaveLength(45);
    for (const response of refused) expect(response.body.code).toBe('DELEGATION_QUOTA_FULL');

    const listed = await organiser.api.get(`/events/${event.id}/delegations`);
    expect(listed.body[0]).toEqual(expect.objectContaining({ name: 'Republic of Türkiye', quota: 5, registeredCount: 5 }));
    const { rows } = await ctx.db.query('SELECT count(*)::int AS members FROM registration WHERE delegation_id = $1', [delegation.body.id]);
    expect(rows[0].members).toBe(5);
  });

  it('cancelling a confirmed registration promotes waitlist #1 and moves everyone up', async () => {
    const event = await createPublishedEvent(organiser.api, { capacity: 2 });
    const first = await ctx.app.api.post(`/events/${event.id}/registrations`, registrant());
    await ctx.app.api.post(`/events/${event.id}/registrations`, registrant());
    const third = await ctx.app.api.post(`/events/${event.id}/registrations`, registrant());
    const fourth = await ctx.app.api.post(`/events/${event.id}/registrations`, registrant());
    expect([third.body.waitlistPosition, fourth.body.waitlistPosition]).toEqual([1, 2]);

    const rejected = await organiser.api.post(`/registrations/${first.body.id}/reject`);
    expect(rejected.status).toBe(200);
    const list = await organiser.api.get(`/events/${event.id}/registrations?pageSize=10`);
    const byId = new Map(list.body.items.map((item: any) => [item.id, item]));
    expect(byId.get(third.body.id)).toEqual(expect.objectContaining({ status: 'confirmed', waitlistPosition: null }));
    expect(byId.get(fourth.body.id)).toEqual(expect.objectContaining({ status: 'waitlisted', waitlistPosition: 1 }));
  });

  it('raising the capacity promotes from the waitlist in order', async () => {
    const event = await createPublishedEvent(organiser.api, { capacity: 1 });
    await ctx.app.api.post(`/events/${event.id}/registrations`, registrant());
    const waiting = [];
    for (let i = 0; i < 3; i++) waiting.push(await ctx.app.api.post(`/events/${event.id}/registrations`, registrant()));
    expect(waiting.map((response) => response.body.waitlistPosition)).toEqual([1, 2, 3]);

    expect((await organiser.api.patch(`/events/${event.id}`, { capacity: 3 })).status).toBe(200);
    const list = await organiser.api.get(`/events/${event.id}/registrations?pageSize=10`);
    const statuses = waiting.map((response) => list.body.items.find((item: any) => item.id === response.body.id));
    expect(statuses.map((item: any) => [item.status, item.waitlistPosition])).toEqual([
      ['confirmed', null],
      ['confirmed', null],
      ['waitlisted', 1],
    ]);
    const lowered = await organiser.api.patch(`/events/${event.id}`, { capacity: 1 });
    expect(lowered.status).toBe(409);
    expect(lowered.body.code).toBe('CAPACITY_BELOW_CONFIRMED');
  });

  it('with approval required, pending registrations hold no seat; approval takes one or waitlists', async () => {
    const event = await createPublishedEvent(organiser.api, { capacity: 1, approvalRequired: true });
    const a = await ctx.app.api.post(`/events/${event.id}/registrations`, registrant());
    const b = await ctx.app.api.post(`/events/${event.id}/registrations`, registrant());
    expect([a.body.status, b.body.status]).toEqual(['pending', 'pending']);
    expect((await organiser.api.post(`/registrations/${a.body.id}/approve`)).body).toEqual({ id: a.body.id, status: 'confirmed' });
    expect((await organiser.api.post(`/registrations/${b.body.id}/approve`)).body).toEqual({
      id: b.body.id,
      status: 'waitlisted',
      waitlistPosition: 1,
    });
    const again = await organiser.api.post(`/registrations/${a.body.id}/approve`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('NOT_PENDING');
  });
});
