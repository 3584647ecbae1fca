/**
 * `npm run bench rush`: a registration rush as `npm start` runs it, measured from outside. The built
 * server in production mode on its default database (an embedded PostgreSQL in a temp DATA_DIR), with
 * its own mail workers sending every confirmation to an SMTP server on loopback that accepts and
 * discards (a worker thread of this process). Each round: 50 connections for 8 s of registrations into
 * one published event (distinct emails), then the time until every registrant's confirmation is marked
 * sent, then 50 connections for 8 s on GET /health (a database ping through the same stack), for the
 * ratio. Per-IP registration limits are off (REGISTRATION_RATE_LIMIT=0: the load comes from one address);
 * everything else is as `npm start` has it, request logs included.
 *
 * BENCH_DIST=<dir> runs another build (e.g. an older checkout's dist/); BENCH_DURATION and BENCH_ROUNDS
 * change the length and number of rounds; BENCH_NODE_OPTIONS is the server's NODE_OPTIONS (e.g. `--require` a
 * profiler); LOG_LEVEL and MAIL_* variables are passed to the server.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { RunningApp, startApp } from '../support/app';
import { createPublishedEvent, createUser } from '../support/factories';
import { CONNECTIONS, databaseUrlOf, freshDatabase, measure, Measured, median, ROUNDS } from './bench-support';
import { startDiscardingSmtp } from './discarding-smtp';

export const description =
  'a registration rush on `npm start` (production, embedded PostgreSQL, own mail workers sending to a loopback relay): registrations/s, p99, ratio to /health, time until all are mailed';

const SECONDS = Number(process.env.BENCH_DURATION ?? 8);
const MAIL_DEADLINE_MS = 5 * 60_000;

let person = 0;
const registrant = () => {
  person += 1;
  return {
    email: `rush-${process.pid}-${person}@bench.example.org`,
    givenName: 'Bench',
    familyName: `Delegate ${person}`,
    nationality: 'PK',
  };
};

/**
 * CPU time (ms) used so far by process `pid` and its descendants (the embedded PostgreSQL's processes),
 * from /proc: on a shared machine, the cost of a rush that other work cannot distort. 0 without /proc.
 */
function cpuMsOfTree(pid: number): { server: number; postgres: number } {
  const stats = new Map<number, { parent: number; ms: number; name: string }>();
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        stats.set(Number(entry), { parent: Number(fields[1]), ms: (Number(fields[11]) + Number(fields[12])) * 10, name });
      } catch {
        // the process ended meanwhile
      }
    }
  } catch {
    return { server: 0, postgres: 0 };
  }
  const inTree = (candidate: number): boolean => candidate === pid || (candidate > 1 && inTree(stats.get(candidate)?.parent ?? 0));
  let server = 0;
  let postgres = 0;
  for (const [candidate, stat] of stats) {
    if (candidate === pid) server += stat.ms;
    else if (inTree(candidate)) postgres += stat.ms;
  }
  return { server, postgres };
}

interface Round {
  rush: Measured;
  health: Measured;
  /** From the end of the rush until every registrant's confirmation was marked sent. */
  mailedAfterMs: number;
  /** Confirmations sent while the rush ran. */
  sentDuringRush: number;
  /** CPU ms per registration during the rush: the server's process (all its threads) and PostgreSQL's. */
  cpuPerRegistration: { server: number; postgres: number };
}

export async function run(): Promise<void> {
  const main = join(process.env.BENCH_DIST ?? join(__dirname, '..', '..'), 'src', 'main.js');
  const [database, smtp] = await Promise.all([freshDatabase({ embedded: true }), startDiscardingSmtp()]);
  let app: RunningApp | undefined;
  let check: Client | undefined;
  try {
    app = await startApp(
      {
        ...database.env,
        NODE_ENV: 'production',
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Plenary <plenary@bench.example.org>',
        REGISTRATION_RATE_LIMIT: '0',
        ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}),
        ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('MAIL_') || name === 'LOG_LEVEL')),
      },
      { main },
    );
    const organiser = await createUser(app.api, 'organiser', 'Bench Organiser');
    const event = await createPublishedEvent(organiser.api, { capacity: 1_000_000 });
    check = new Client({ connectionString: databaseUrlOf(database.env) });
    await check.connect();
    const mailCounts = async () => {
      const { rows } = await check!.query<{ registrations: number; sent: number; failed: number }>(
        `SELECT (SELECT count(*)::int FROM registration WHERE event_id = $1) AS registrations,
                count(*) FILTER (WHERE status = 'sent')::int AS sent, count(*) FILTER (WHERE status = 'failed')::int AS failed
         FROM mail_message WHERE event_id = $1`,
        [event.id],
      );
      return rows[0];
    };
    /** Resolves once every registration's mail is sent; the time it took from `since`. */
    const allMailed = async (since: number) => {
      for (;;) {
        const counts = await mailCounts();
        if (counts.failed > 0) throw new Error(`${counts.failed} confirmations failed`);
        if (counts.sent >= counts.registrations) return performance.now() - since;
        if (performance.now() - since > MAIL_DEADLINE_MS)
          throw new Error(`only ${counts.sent} of ${counts.registrations} confirmations sent after ${MAIL_DEADLINE_MS / 1000} s`);
        await new Promise((done) => setTimeout(done, 100));
      }
    };
    const rush = {
      name: 'registrations',
      url: `${app.url}/api/v1/events/${event.slug}/registrations`,
      method: 'POST' as const,
      body: registrant,
    };
    const health = { name: 'health', url: `${app.url}/api/v1/health` };

    // Warm-up (JIT, pools, the mail threads and their connections), then every mail of it sent.
    await measure(rush, 2);
    await allMailed(performance.now());
    await measure(health, 2);

    const rounds: Round[] = [];
    for (let index = 1; index <= ROUNDS; index++) {
      const sentBefore = (await mailCounts()).sent;
      const cpuBefore = cpuMsOfTree(app.process.child.pid!);
      const registrationsBefore = (await mailCounts()).registrations;
      const rushed = await measure(rush, SECONDS);
      const rushEnded = performance.now();
      const cpuAfter = cpuMsOfTree(app.process.child.pid!);
      const after = await mailCounts();
      const sentDuringRush = after.sent - sentBefore;
      const registered = Math.max(1, after.registrations - registrationsBefore);
      const cpuPerRegistration = {
        server: (cpuAfter.server - cpuBefore.server) / registered,
        postgres: (cpuAfter.postgres - cpuBefore.postgres) / registered,
      };
      const mailedAfterMs = await allMailed(rushEnded);
      const healthy = await measure(health, SECONDS);
      const round = { rush: rushed, health: healthy, mailedAfterMs, sentDuringRush, cpuPerRegistration };
      rounds.push(round);
      console.log(
        `round ${index}: ${rushed.requestsPerSecond.toFixed(0)} registrations/s (p50 ${rushed.p50} ms, p99 ${rushed.p99} ms); ` +
          `CPU per registration ${cpuPerRegistration.server.toFixed(2)} ms server + ${cpuPerRegistration.postgres.toFixed(2)} ms PostgreSQL; ` +
          `${sentDuringRush} mailed during the rush, all mailed ${(mailedAfterMs / 1000).toFixed(1)} s after it; ` +
          `health ${healthy.requestsPerSecond.toFixed(0)} req/s (p99 ${healthy.p99} ms); ratio ${(rushed.requestsPerSecond / healthy.requestsPerSecond).toFixed(2)}`,
      );
    }
    const med = (pick: (round: Round) => number) => median(rounds.map(pick));
    console.log(
      `${CONNECTIONS} connections, ${ROUNDS} round(s) of ${SECONDS} s; medians: ` +
        `${med((round) => round.rush.requestsPerSecond).toFixed(0)} registrations/s, p50 ${med((round) => round.rush.p50)} ms, ` +
        `p99 ${med((round) => round.rush.p99)} ms; /health ${med((round) => round.health.requestsPerSecond).toFixed(0)} req/s; ` +
        `ratio ${med((round) => round.rush.requestsPerSecond / round.health.requestsPerSecond).toFixed(2)}; ` +
        `all mailed ${(med((round) => round.mailedAfterMs) / 1000).toFixed(1)} s after the rush (at most ${(Math.max(...rounds.map((round) => round.mailedAfterMs)) / 1000).toFixed(1)} s)`,
    );
    console.log(`build: ${main}; relay received ${smtp.received()} messages`);
    console.log('targets: ≥ 1,000 registrations/s, p99 < 100 ms, every registrant mailed within 120 s of the rush');
    if (rounds.some((round) => round.rush.failures > 0 || round.health.failures > 0)) throw new Error('Some benchmark requests failed');
  } finally {
    await check?.end();
    await app?.stop();
    await smtp.stop();
    await database.cleanUp();
  }
}
