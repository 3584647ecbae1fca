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
import { join } from 'node:path';
import { RunningApp, startApp } from '../support/app';
import { seedLargeAgenda } from '../support/agenda-seed';
import { createUser } from '../support/factories';
import { Spawned, spawnNode } from '../support/processes';
import { compare, freshDatabase, Target } from './bench-support';

export const description = 'public agenda JSON (2 days, 40 sessions, 80 speakers) at 50 connections vs a plain Fastify hello world';

const BROWSER_ENCODINGS = { 'accept-encoding': 'gzip, deflate, br' };

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
    const targets = (clientThreads: number): Target[] => [
      { name: 'baseline: plain Fastify GET /hello', url: `http://127.0.0.1:${helloPort}/hello`, clientThreads },
      { name: `reference: plain Fastify, static ${size}`, url: `http://127.0.0.1:${helloPort}/static`, clientThreads },
      { name: `Plenary agenda (${size}, no Accept-Encoding)`, url: agendaUrl, clientThreads },
      { name: 'Plenary agenda (Accept-Encoding: gzip, as browsers)', url: agendaUrl, headers: BROWSER_ENCODINGS, clientThreads },
    ];
    // One autocannon thread turns every response body into a string; at this size it saturates its core
    // before the server does, so the run is repeated with the load spread over two client threads.
    for (const clientThreads of [1, 2]) {
      console.log(`-- autocannon in ${clientThreads} thread(s)`);
      await compare(targets(clientThreads));
    }
    console.log('target: Plenary agenda / baseline ≥ 0.40');
  } finally {
    hello?.child.kill('SIGTERM');
    await app?.stop();
    await database.cleanUp();
  }
}
