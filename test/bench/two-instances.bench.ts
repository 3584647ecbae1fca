/**
 * Registrations into one event through one instance, then through two instances on the same database
 * (the load split evenly, as a load balancer would). The same 50 connections in both cases; the second
 * instance shares the machine's cores, so on a small machine expect little gain: the point is that
 * adding an instance does not cost correctness (checked at the end) and shows what it buys here.
 */
import { Client } from 'pg';
import { RunningApp, startApp } from '../support/app';
import { createPublishedEvent, createUser } from '../support/factories';
import { CONNECTIONS, databaseUrlOf, freshDatabase, measure, Measured, median, ROUNDS, SECONDS } from './bench-support';

export const description = 'registrations/s into one event through one instance vs two instances on one database (50 connections in all)';

let person = 0;
const registrant = () => {
  person += 1;
  return {
    email: `delegate-${process.pid}-${person}@two.example.org`,
    givenName: 'Bench',
    familyName: `Delegate ${person}`,
    nationality: 'PK',
  };
};

/** Both instances at once, each with half the connections; the sum of their throughputs. */
async function measureBoth(urls: string[], seconds: number): Promise<Measured> {
  const parts = await Promise.all(
    urls.map((url) => measure({ name: url, url, method: 'POST', body: registrant }, seconds, CONNECTIONS / urls.length)),
  );
  return {
    requestsPerSecond: parts.reduce((sum, part) => sum + part.requestsPerSecond, 0),
    p50: Math.max(...parts.map((part) => part.p50)),
    p97_5: Math.max(...parts.map((part) => part.p97_5)),
    p99: Math.max(...parts.map((part) => part.p99)),
    failures: parts.reduce((sum, part) => sum + part.failures, 0),
  };
}

export async function run(): Promise<void> {
  const database = await freshDatabase();
  const instances: RunningApp[] = [];
  try {
    const env = {
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      REGISTRATION_RATE_LIMIT: '0',
      MAIL_WORKER_CONCURRENCY: process.env.MAIL_WORKER_CONCURRENCY ?? '2',
    };
    instances.push(await startApp({ ...database.env, ...env }));
    // The second instance uses the first one's database (an embedded server belongs to the first).
    instances.push(await startApp({ ...env, DATABASE_URL: databaseUrlOf(database.env) }));

    const organiser = await createUser(instances[0].api, 'organiser', 'Bench Organiser');
    const event = await createPublishedEvent(organiser.api, { capacity: 100_000 });
    const urls = instances.map((instance) => `${instance.url}/api/v1/events/${event.slug}/registrations`);

    await measureBoth(urls, 2); // warm-up of both instances
    const one: Measured[] = [];
    const two: Measured[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      one.push(await measureBoth(urls.slice(0, 1), SECONDS));
      two.push(await measureBoth(urls, SECONDS));
    }
    console.log(`${CONNECTIONS} connections in all; ${ROUNDS} interleaved rounds of ${SECONDS} s after a 2 s warm-up; medians`);
    const line = (name: string, results: Measured[]) =>
      console.log(
        `${name.padEnd(40)} ${median(results.map((result) => result.requestsPerSecond))
          .toFixed(0)
          .padStart(7)} req/s   p99 ${String(median(results.map((result) => result.p99))).padStart(4)} ms`,
      );
    line('one instance', one);
    line('two instances (25 connections each)', two);
    console.log(`two / one: ${median(two.map((result, index) => result.requestsPerSecond / one[index].requestsPerSecond)).toFixed(2)}`);
    if ([...one, ...two].some((result) => result.failures > 0)) throw new Error('Some benchmark requests failed');

    const check = new Client({ connectionString: databaseUrlOf(database.env) });
    await check.connect();
    const { rows } = await check.query(
      `SELECT count(*)::int AS registrations, count(DISTINCT lower(email))::int AS people, count(*) FILTER (WHERE status = 'confirmed')::int AS confirmed FROM registration WHERE event_id = $1`,
      [event.id],
    );
    await check.end();
    console.log(`registrations: ${rows[0].registrations}, distinct people ${rows[0].people}, confirmed ${rows[0].confirmed}`);
  } finally {
    await Promise.all(instances.map((instance) => instance.stop()));
    await database.cleanUp();
  }
}
