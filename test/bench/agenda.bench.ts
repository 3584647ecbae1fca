/**
 * The public agenda under load. Starts the real server (node dist/src/main.js) on a database created from
 * scratch by its own migrations (a new database on DATABASE_URL's server, or the embedded PostgreSQL in a
 * temporary DATA_DIR when DATABASE_URL is unset), seeds a 2-day, 40-session, 80-speaker published event
 * through the API, and reads GET /api/v1/events/:slug/agenda with autocannon at 50 connections: as
 * autocannon asks by default (no Accept-Encoding) and as browsers ask (Accept-Encoding: gzip, deflate, br).
 * The baseline, in the same run, is a plain Fastify server with one hello-world route
 * (test/bench/hello-server.ts), which also serves a static string of the agenda's size, to show what the
 * payload alone costs. The machine is shared, so the targets are measured in interleaved rounds and each
 * ratio is taken within a round; the medians are printed.
 */
import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { RunningApp, startApp } from '../support/app';
import { seedLargeAgenda } from '../support/agenda-seed';
import { createUser } from '../support/factories';
import { withDatabase } from '../support/global-setup';
import { freePort, Spawned, spawnNode } from '../support/processes';

export const description = 'public agenda JSON (2 days, 40 sessions, 80 speakers) at 50 connections vs a plain Fastify hello world';

const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_DURATION ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BROWSER_ENCODINGS = { 'accept-encoding': 'gzip, deflate, br' };

interface Target {
  name: string;
  url: string;
  headers?: Record<string, string>;
}

interface Measured {
  requestsPerSecond: number;
  p99: number;
  failures: number;
}

function measure(target: Target, seconds: number): Promise<Measured> {
  return autocannon({ url: target.url, headers: target.headers, connections: CONNECTIONS, duration: seconds }).then((result) => ({
    requestsPerSecond: result.requests.average,
    p99: result.latency.p99,
    failures: result.errors + result.timeouts + result.non2xx,
  }));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

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
    const bytes = Buffer.byteLength(await (await fetch(agendaUrl, { headers: { 'accept-encoding': 'identity' } })).text());
    const size = `${(bytes / 1024).toFixed(1)} KiB`;

    hello = spawnNode(join(__dirname, 'hello-server.js'), [String(bytes)]);
    const [, helloPort] = await hello.waitFor(/^LISTENING (\d+)/);
    const targets: Target[] = [
      { name: 'baseline: plain Fastify GET /hello', url: `http://127.0.0.1:${helloPort}/hello` },
      { name: `reference: plain Fastify, static ${size}`, url: `http://127.0.0.1:${helloPort}/static` },
      { name: `Plenary agenda (${size}, no Accept-Encoding)`, url: agendaUrl },
      { name: 'Plenary agenda (Accept-Encoding: gzip, as browsers)', url: agendaUrl, headers: BROWSER_ENCODINGS },
    ];
    for (const target of targets) await measure(target, 2); // warm-up: JIT, caches, connection pools
    const rounds: Measured[][] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const results: Measured[] = [];
      for (const target of targets) results.push(await measure(target, SECONDS));
      rounds.push(results);
    }

    console.log(`${CONNECTIONS} connections; ${ROUNDS} interleaved rounds of ${SECONDS} s per target after a 2 s warm-up; medians (req/s and p99 latency)`);
    targets.forEach((target, index) => {
      const requests = median(rounds.map((round) => round[index].requestsPerSecond));
      const p99 = median(rounds.map((round) => round[index].p99));
      const ratio = index === 0 ? '' : `   ratio to baseline ${median(rounds.map((round) => round[index].requestsPerSecond / round[0].requestsPerSecond)).toFixed(2)}`;
      console.log(`${target.name.padEnd(52)} ${requests.toFixed(0).padStart(7)} req/s   p99 ${String(p99).padStart(3)} ms${ratio}`);
    });
    console.log('target: Plenary agenda / baseline ≥ 0.40');
    if (rounds.flat().some((measured) => measured.failures > 0)) throw new Error('Some benchmark requests failed');
  } finally {
    hello?.child.kill('SIGTERM');
    await app?.stop();
    await database.cleanUp();
  }
}
