/**
 * The public agenda under load. Starts the real server (node dist/src/main.js) on a database created from
 * scratch by its own migrations (a new database on DATABASE_URL's server, or the embedded PostgreSQL in a
 * temporary DATA_DIR when DATABASE_URL is unset), seeds a 2-day, 40-session, 80-speaker published event
 * through the API, and measures GET /api/v1/events/:slug/agenda with autocannon at 50 connections against
 * a same-run baseline: a plain Fastify server with one hello-world route (test/bench/hello-server.ts),
 * which also serves a static JSON string of the agenda's size as a reference for the payload's own cost.
 */
import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { RunningApp, startApp } from '../support/app';
import { seedLargeAgenda } from '../support/agenda-seed';
import { createUser } from '../support/factories';
import { freePort, Spawned, spawnNode } from '../support/processes';
import { withDatabase } from '../support/global-setup';

export const description = 'public agenda JSON (2 days, 40 sessions, 80 speakers) at 50 connections vs a plain Fastify hello world';

const CONNECTIONS = 50;
const DURATION_SECONDS = Number(process.env.BENCH_DURATION ?? 10);

interface Measured {
  requestsPerSecond: number;
  p99: number;
  failures: number;
}

async function measure(url: string): Promise<Measured> {
  await autocannon({ url, connections: CONNECTIONS, duration: 2 }); // warm-up: JIT, caches, connection pools
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_SECONDS });
  return { requestsPerSecond: result.requests.average, p99: result.latency.p99, failures: result.errors + result.timeouts + result.non2xx };
}

/** A database that exists only for this run: on DATABASE_URL's server, else an embedded server in a temp dir. */
async function freshDatabase(): Promise<{ env: Record<string, string | undefined>; cleanUp(): Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dataDir = mkdtempSync(join(tmpdir(), 'plenary-bench-'));
    return { env: { DATABASE_URL: undefined, DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) }, cleanUp: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `plenary_bench_${process.pid}`;
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await admin(`CREATE DATABASE ${name}`);
  return { env: { DATABASE_URL: withDatabase(serverUrl, name) }, cleanUp: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

export async function run(): Promise<void> {
  const database = await freshDatabase();
  let app: RunningApp | undefined;
  let hello: Spawned | undefined;
  try {
    // Request logs off (LOG_LEVEL=warn), as for the baseline: the bench measures the API, not log shipping.
    app = await startApp({ ...database.env, LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn' });
    const organiser = await createUser(app.api, 'organiser', 'Bench Organiser');
    const seeding = Date.now();
    const { event } = await seedLargeAgenda(organiser.api, { days: 2, sessions: 40, speakers: 80 });
    console.log(`seeded 2 days, 40 sessions, 80 speakers through the API in ${((Date.now() - seeding) / 1000).toFixed(1)} s`);
    const agendaUrl = `${app.url}/api/v1/events/${event.slug}/agenda`;
    const bytes = Buffer.byteLength(await (await fetch(agendaUrl)).text());

    hello = spawnNode(join(__dirname, 'hello-server.js'), [String(bytes)]);
    const [, helloPort] = await hello.waitFor(/^LISTENING (\d+)/);
    const baseline = await measure(`http://127.0.0.1:${helloPort}/hello`);
    const sameSize = await measure(`http://127.0.0.1:${helloPort}/static`);
    const agenda = await measure(agendaUrl);

    const row = (name: string, measured: Measured) =>
      `${name.padEnd(42)} ${measured.requestsPerSecond.toFixed(0).padStart(8)} req/s   p99 ${String(measured.p99).padStart(4)} ms   failures ${measured.failures}`;
    console.log(`${CONNECTIONS} connections, ${DURATION_SECONDS} s each after a 2 s warm-up`);
    const size = `${(bytes / 1024).toFixed(1)} KiB`;
    console.log(row('baseline: plain Fastify GET /hello', baseline));
    console.log(row(`reference: plain Fastify, static ${size}`, sameSize));
    console.log(row(`Plenary GET /events/:slug/agenda (${size})`, agenda));
    console.log(`ratio agenda/baseline: ${(agenda.requestsPerSecond / baseline.requestsPerSecond).toFixed(2)} (target ≥ 0.40)`);
    console.log(`ratio same-size static/baseline: ${(sameSize.requestsPerSecond / baseline.requestsPerSecond).toFixed(2)} (the payload's own cost)`);
    if ([baseline, sameSize, agenda].some((measured) => measured.failures > 0)) throw new Error('Some benchmark requests failed');
  } finally {
    hello?.child.kill('SIGTERM');
    await app?.stop();
    await database.cleanUp();
  }
}
