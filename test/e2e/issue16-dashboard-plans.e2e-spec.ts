import { REGISTRATION_GROUPS } from '../../src/dashboard/dashboard.sql';
import { MAIL_COUNTS_FOR_EVENT } from '../../src/mail/mail-log.sql';
import { useApp } from '../support/context';
import { createEvent, createUser, expectStatus, TestUser } from '../support/factories';

const PER_EVENT = 20_000;
const DELEGATIONS = 60;
const OTHER_EVENTS = 4;

/**
 * Issue 16: the dashboard's statements on a seeded database (the event of 20,000 registrations in 60
 * delegations, with 20,000 mails, beside four others as large), analysed: each reads the event's rows
 * through an index, not the whole table. The plans, as printed here, are in src/dashboard/README.md and
 * src/mail/README.md.
 */
describe('Issue 16: the dashboard on an event of 20,000 registrations', () => {
  const ctx = useApp({ MAIL_WORKER_CONCURRENCY: '0' });
  let organiser: TestUser;
  let event: any;
  const plans: Record<string, string> = {};

  const explain = async (name: string, sql: string, params: unknown[]) => {
    const { rows } = await ctx.db.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF) ${sql}`, params);
    plans[name] = rows.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n');
    return plans[name];
  };

  beforeAll(async () => {
    organiser = await createUser(ctx.app.api, 'organiser');
    event = await createEvent(organiser.api, { capacity: 25_000, timezone: 'Asia/Karachi' });
    const others = await Promise.all(Array.from({ length: OTHER_EVENTS }, () => createEvent(organiser.api)));
    const events = [event.id, ...others.map((other) => other.id as string)];
    await ctx.db.query(
      `INSERT INTO delegation (event_id, name, kind, country_code, quota, reserved_count, code, section)
       SELECT e, 'Delegation ' || d, 'organisation', NULL, 500, 0, substr(md5(e::text || d), 1, 12), 'igo'
       FROM unnest($1::uuid[]) e, generate_series(1, $2::int) d`,
      [events, DELEGATIONS],
    );
    await ctx.db.query(
      `INSERT INTO registration (event_id, email, given_name, family_name, category, status, waitlist_position,
                                 manage_token_hash, badge_code, checked_in_at, created_at, delegation_id, answers)
       SELECT e, 'person' || g || '@example.org', 'Given', 'Family ' || g,
              (ARRAY['delegate', 'observer', 'speaker', 'media', 'staff'])[1 + g % 5], s.status,
              CASE WHEN s.status = 'waitlisted' THEN g END,
              md5(e::text || g) || md5(g || e::text), substr(md5(g || 'badge' || e::text), 1, 24),
              CASE WHEN s.status = 'confirmed' AND g % 3 = 0 THEN now() END,
              timestamptz '2026-11-30 12:00+05' - (g % 90) * interval '1 day' - (g % 600) * interval '1 minute',
              d.ids[1 + g % $3],
              jsonb_build_object('dietary', 'none', 'arrival', 'Monday')
       FROM unnest($1::uuid[]) e
            JOIN (SELECT event_id, array_agg(id ORDER BY name) AS ids FROM delegation GROUP BY event_id) d ON d.event_id = e,
            generate_series(1, $2::int) g,
            LATERAL (SELECT (ARRAY['confirmed', 'confirmed', 'confirmed', 'pending', 'waitlisted', 'rejected', 'cancelled'])[1 + g % 7] AS status) s`,
      [events, PER_EVENT, DELEGATIONS],
    );
    await ctx.db.query(
      `INSERT INTO mail_message (id, event_id, template, to_email, data, message_id, status, created_at)
       SELECT gen_random_uuid(), e, 'registration_confirmed', 'person' || g || '@example.org',
              jsonb_build_object('recipient', jsonb_build_object('givenName', 'Given', 'familyName', 'Family ' || g)),
              '<' || g || '.' || e::text || '@plenary.test>', (ARRAY['sent', 'sent', 'sent', 'queued', 'failed'])[1 + g % 5],
              now() - (g % 90) * interval '1 day'
       FROM unnest($1::uuid[]) e, generate_series(1, $2::int) g`,
      [events, PER_EVENT],
    );
    // As autovacuum leaves a table after inserts (the visibility map, which index-only scans consult), and its statistics.
    await ctx.db.query('VACUUM ANALYZE registration, mail_message, delegation');
  });

  afterAll(() => {
    process.stdout.write(
      Object.entries(plans)
        .map(([name, plan]) => `--- ${name}\n${plan}\n`)
        .join(''),
    );
  });

  it('answers the dashboard of the seeded event with its figures', async () => {
    const body = expectStatus(await organiser.api.get(`/events/${event.id}/dashboard`), 200, 'reading the dashboard');
    expect(body.registrations.total).toBe(PER_EVENT);
    const confirmed = Array.from({ length: PER_EVENT }, (_, index) => (index + 1) % 7).filter((rest) => rest < 3).length;
    expect(body.registrations.byStatus.confirmed).toBe(confirmed);
    expect(body.capacity).toEqual({ capacity: 25_000, seatsTaken: confirmed, waitlistLength: body.registrations.byStatus.waitlisted });
    expect(body.delegations).toHaveLength(DELEGATIONS);
    expect(body.delegations.map((delegation: any) => delegation.name)).toContain('Delegation 60');
    expect(body.mail).toEqual({ queued: PER_EVENT / 5, sent: (3 * PER_EVENT) / 5, failed: PER_EVENT / 5 });
    expect(body.perDay).toHaveLength(90);
    expect(body.perDay.reduce((sum: number, day: any) => sum + day.count, 0)).toBe(PER_EVENT);
    // The delegations' plan, for the README (300 rows in all: the planner may well read them all).
    await explain('delegations', 'SELECT * FROM delegation WHERE event_id = $1 ORDER BY name ASC', [event.id]);
  });

  it("reads the event's registrations from its index alone, in one scan", async () => {
    const plan = await explain('registrations', REGISTRATION_GROUPS, [event.id, 'Asia/Karachi']);
    expect(plan).not.toMatch(/Seq Scan on registration/);
    expect(plan).toMatch(
      /Index (Only )?Scan using ix_registration_event_status on registration|Bitmap Index Scan on ix_registration_event_status/,
    );
    expect(plan.match(/on registration/g)).toHaveLength(1);
  });

  it("reads the event's mails from an index alone", async () => {
    const plan = await explain('mail', MAIL_COUNTS_FOR_EVENT, [event.id]);
    expect(plan).not.toMatch(/Seq Scan on mail_message/);
    expect(plan).toMatch(/Index Only Scan using ix_mail_message_event_created on mail_message/);
    expect(plan).toMatch(/Heap Fetches: 0/);
  });
});
