/** What the benchmarks share: a throw-away database, autocannon measurements and medians. */
import autocannon from 'autocannon';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { withDatabase } from '../support/global-setup';
import { freePort } from '../support/processes';

export const CONNECTIONS = 50;
export const SECONDS = Number(process.env.BENCH_DURATION ?? 5);
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

export interface Target {
  name: string;
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** A fresh JSON body per request (e.g. distinct emails). */
  body?: () => unknown;
  /** Load generator threads (autocannon `workers`; not with `body`): for large responses, which one autocannon thread cannot read as fast as they come. */
  clientThreads?: number;
}

export interface Measured {
  requestsPerSecond: number;
  p50: number;
  /** autocannon reports no p95; its next percentile up. */
  p97_5: number;
  p99: number;
  failures: number;
}

export function measure(target: Target, seconds: number, connections = CONNECTIONS): Promise<Measured> {
  const body = target.body;
  return autocannon({
    url: target.url,
    connections,
    duration: seconds,
    ...(target.clientThreads ? { workers: target.clientThreads } : {}),
    requests: [
      {
        method: target.method ?? 'GET',
        headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...target.headers },
        ...(body ? { setupRequest: (request: autocannon.Request) => ({ ...request, body: JSON.stringify(body()) }) } : {}),
      },
    ],
  }).then((result) => ({
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p97_5: result.latency.p97_5,
    p99: result.latency.p99,
    failures: result.errors + result.timeouts + result.non2xx,
  }));
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Measures the targets in interleaved rounds (the machine may be shared) after a warm-up, and prints
 * each one's median req/s and p99 with its median ratio to the first target, the baseline.
 */
export async function compare(targets: Target[]): Promise<Measured[][]> {
  for (const target of targets) await measure(target, 2); // warm-up: JIT, caches, connection pools
  const rounds: Measured[][] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const results: Measured[] = [];
    for (const target of targets) results.push(await measure(target, SECONDS));
    rounds.push(results);
  }
  console.log(
    `${CONNECTIONS} connections; ${ROUNDS} interleaved rounds of ${SECONDS} s per target after a 2 s warm-up; medians (req/s and p99 latency)`,
  );
  targets.forEach((target, index) => {
    const requests = median(rounds.map((round) => round[index].requestsPerSecond));
    const p99 = median(rounds.map((round) => round[index].p99));
    const ratio =
      index === 0
        ? ''
        : `   ratio to baseline ${median(rounds.map((round) => round[index].requestsPerSecond / round[0].requestsPerSecond)).toFixed(2)}`;
    console.log(`${target.name.padEnd(52)} ${requests.toFixed(0).padStart(7)} req/s   p99 ${String(p99).padStart(3)} ms${ratio}`);
  });
  if (rounds.flat().some((measured) => measured.failures > 0)) throw new Error('Some benchmark requests failed');
  return rounds;
}

/** A database that exists only for this run: on DATABASE_URL's server (unless `embedded`), else an embedded server in a temp dir. */
export async function freshDatabase({ embedded = false } = {}): Promise<{
  env: Record<string, string | undefined>;
  cleanUp(): Promise<void>;
}> {
  const serverUrl = embedded ? undefined : process.env.DATABASE_URL;
  if (!serverUrl) {
    const dataDir = mkdtempSync(join(tmpdir(), 'plenary-bench-'));
    return {
      env: { DATABASE_URL: undefined, DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) },
      cleanUp: () => Promise.resolve(rmSync(dataDir, { recursive: true, force: true })),
    };
  }
  const name = `plenary_bench_${process.pid}_${Date.now()}`;
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await admin(`CREATE DATABASE ${name}`);
  return { env: { DATABASE_URL: withDatabase(serverUrl, name) }, cleanUp: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** The connection URL of the database a bench server runs on (given, or the embedded one in its DATA_DIR). */
export function databaseUrlOf(env: Record<string, string | undefined>): string {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  const password = readFileSync(join(env.DATA_DIR!, 'pg-password'), 'utf8').trim();
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${env.EMBEDDED_PG_PORT}/plenary`;
}
