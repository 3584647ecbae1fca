/**
 * Registrations into ONE event under load. Starts the real server on a fresh database, then measures at
 * 50 connections, each request a new person (distinct emails):
 * - the baseline: POST /api/v1/bench/insert, the same stack and pool inserting one row per request;
 * - Plenary registrations into a published event whose capacity is large enough (all confirmed);
 * - the capacity-limited case: an event of 100 seats, so nearly everyone joins the waitlist, which is
 *   serialised per event by design;
 * - the same three through PgBouncer in transaction mode (DATABASE_POOLER=transaction), with a second
 *   instance on the same database, in the same interleaved rounds (BENCH_POOLER=0 leaves it out).
 */
import { Client } from 'pg';
import { RunningApp, startApp } from '../support/app';
import { createPublishedEvent, createUser } from '../support/factories';
import { RunningPgBouncer, startPgBouncer } from '../support/pgbouncer';
import { compare, databaseUrlOf, freshDatabase, median, Target } from './bench-support';

export const description =
  'registrations/s into one event (distinct emails, 50 connections) vs a one-row INSERT route on the same pool, directly and through PgBouncer (transaction mode)';

let person = 0;
const registrant = () => {
  person += 1;
  return {
    email: `delegate-${process.pid}-${person}@bench.example.org`,
    givenName: 'Bench',
    familyName: `Delegate ${person}`,
    nationality: 'PK',
  };
};

export async function run(): Promise<void> {
  const database = await freshDatabase();
  let app: RunningApp | undefined;
  let pooled: RunningApp | undefined;
  let pgbouncer: RunningPgBouncer | undefined;
  const withPooler = process.env.BENCH_POOLER !== '0';
  const settings = {
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    BENCH_ROUTES: 'true',
    REGISTRATION_RATE_LIMIT: '0',
    MAIL_WORKER_CONCURRENCY: process.env.MAIL_WORKER_CONCURRENCY ?? '2',
  };
  try {
    app = await startApp({ ...database.env, ...settings });
    const client = new Client({ connectionString: databaseUrlOf(database.env) });
    await client.connect();
    await client.query(
      'CREATE TABLE IF NOT EXISTS bench_probe (id bigserial PRIMARY KEY, email text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())',
    );
    await client.end();

    const organiser = await createUser(app.api, 'organiser', 'Bench Organiser');
    const large = await createPublishedEvent(organiser.api, { capacity: 500_000 });
    const limited = await createPublishedEvent(organiser.api, { capacity: 100 });
    const targets = (base: string, via = ''): Target[] => [
      {
        name: `baseline: POST /bench/insert (one row)${via}`,
        url: `${base}/bench/insert`,
        method: 'POST',
        body: () => ({ email: registrant().email }),
      },
      {
        name: `Plenary registration, capacity 500,000${via}`,
        url: `${base}/events/${large.slug}/registrations`,
        method: 'POST',
        body: registrant,
      },
      {
        name: `Plenary registration, capacity 100 (waitlist)${via}`,
        url: `${base}/events/${limited.slug}/registrations`,
        method: 'POST',
        body: registrant,
      },
    ];
    if (withPooler) {
      // PgBouncer's server pool as large as an instance's own pool, so the pooler adds its hop, not a queue.
      pgbouncer = await startPgBouncer(databaseUrlOf(database.env), { poolMode: 'transaction', poolSize: 20 });
      pooled = await startApp({ ...settings, DATABASE_URL: pgbouncer.url, DATABASE_POOLER: 'transaction', MIGRATIONS_RUN: 'false' });
    }
    const direct = targets(`${app.url}/api/v1`);
    const rounds = await compare([...direct, ...(pooled ? targets(`${pooled.url}/api/v1`, ' via PgBouncer') : [])]);
    if (pooled) {
      for (const index of [0, 1, 2]) {
        const ratio = median(rounds.map((round) => round[index + 3].requestsPerSecond / round[index].requestsPerSecond));
        console.log(`through PgBouncer / direct: ${direct[index].name.padEnd(45)} ${ratio.toFixed(2)}`);
      }
    }

    const check = new Client({ connectionString: databaseUrlOf(database.env) });
    await check.connect();
    const { rows } = await check.query(
      `SELECT e.capacity, count(*) FILTER (WHERE r.status = 'confirmed')::int AS confirmed, count(*) FILTER (WHERE r.status = 'waitlisted')::int AS waitlisted
       FROM registration r JOIN event e ON e.id = r.event_id GROUP BY e.capacity ORDER BY e.capacity`,
    );
    await check.end();
    for (const row of rows) console.log(`event of capacity ${row.capacity}: ${row.confirmed} confirmed, ${row.waitlisted} waitlisted`);
    console.log('targets: ≥ 1,000 registrations/s, ratio ≥ 0.5, p99 < 100 ms (capacity 500,000)');
  } finally {
    await pooled?.stop();
    await pgbouncer?.stop();
    await app?.stop();
    await database.cleanUp();
  }
}
