/**
 * Registrations into ONE event under load. Starts the real server on a fresh database, then measures at
 * 50 connections, each request a new person (distinct emails):
 * - the baseline: POST /api/v1/bench/insert, the same stack and pool inserting one row per request;
 * - Plenary registrations into a published event whose capacity is large enough (all confirmed);
 * - the capacity-limited case: an event of 100 seats, so nearly everyone joins the waitlist, which is
 *   serialised per event by design.
 */
import { Client } from 'pg';
import { RunningApp, startApp } from '../support/app';
import { createPublishedEvent, createUser } from '../support/factories';
import { compare, databaseUrlOf, freshDatabase } from './bench-support';

export const description = 'registrations/s into one event (distinct emails, 50 connections) vs a one-row INSERT route on the same pool';

let person = 0;
const registrant = () => {
  person += 1;
  return { email: `delegate-${process.pid}-${person}@bench.example.org`, givenName: 'Bench', familyName: `Delegate ${person}`, nationality: 'PK' };
};

export async function run(): Promise<void> {
  const database = await freshDatabase();
  let app: RunningApp | undefined;
  try {
    app = await startApp({ ...database.env, LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn', BENCH_ROUTES: 'true', REGISTRATION_RATE_LIMIT: '0', MAIL_WORKER_CONCURRENCY: process.env.MAIL_WORKER_CONCURRENCY ?? '2' });
    const client = new Client({ connectionString: databaseUrlOf(database.env) });
    await client.connect();
    await client.query('CREATE TABLE IF NOT EXISTS bench_probe (id bigserial PRIMARY KEY, email text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())');
    await client.end();

    const organiser = await createUser(app.api, 'organiser', 'Bench Organiser');
    const large = await createPublishedEvent(organiser.api, { capacity: 500_000 });
    const limited = await createPublishedEvent(organiser.api, { capacity: 100 });
    const base = `${app.url}/api/v1`;
    await compare([
      { name: 'baseline: POST /bench/insert (one row)', url: `${base}/bench/insert`, method: 'POST', body: () => ({ email: registrant().email }) },
      { name: 'Plenary registration, capacity 500,000', url: `${base}/events/${large.slug}/registrations`, method: 'POST', body: registrant },
      { name: 'Plenary registration, capacity 100 (waitlist)', url: `${base}/events/${limited.slug}/registrations`, method: 'POST', body: registrant },
    ]);

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
    await app?.stop();
    await database.cleanUp();
  }
}
