import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from './processes';

/** Debian's PgBouncer (`apt-get install pgbouncer`; .ci/run installs it). */
export const PGBOUNCER = process.env.PGBOUNCER_BIN ?? '/usr/sbin/pgbouncer';

export interface RunningPgBouncer {
  /** `databaseUrl` as reached through the pooler (same database name and user; the pooler holds the password). */
  url: string;
  port: number;
  output: string[];
  /** Stops PgBouncer (closing every connection through it) and removes its directory. */
  stop(): Promise<void>;
}

export interface PgBouncerOptions {
  poolMode?: 'session' | 'transaction' | 'statement';
  /** Server connections per database and user. */
  poolSize?: number;
}

/** A value in a libpq-style connection string, quoted. */
const quoted = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * Starts a PgBouncer of its own, on a free loopback port, in front of the database of `databaseUrl`
 * (whichever server that is: the machine's PostgreSQL or an embedded one). Clients are trusted
 * (auth_type=trust, loopback only); PgBouncer logs in to the server with the URL's user and password.
 * PgBouncer refuses to run as root, so as root it is started with `-u postgres` (or `nobody` where
 * there is no postgres user), and its directory is made readable to that user.
 */
export async function startPgBouncer(
  databaseUrl: string,
  { poolMode = 'transaction', poolSize = 20 }: PgBouncerOptions = {},
): Promise<RunningPgBouncer> {
  if (!existsSync(PGBOUNCER)) throw new Error(`PgBouncer is not installed at ${PGBOUNCER} (apt-get install pgbouncer)`);
  const target = new URL(databaseUrl);
  const database = decodeURIComponent(target.pathname.slice(1));
  const user = decodeURIComponent(target.username || 'postgres');
  const password = decodeURIComponent(target.password);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'plenary-pgbouncer-'));
  const server = [
    `host=${quoted(target.hostname.replace(/^\[|\]$/g, ''))}`,
    `port=${target.port || '5432'}`,
    `dbname=${quoted(database)}`,
    `user=${quoted(user)}`,
    ...(password ? [`password=${quoted(password)}`] : []),
  ].join(' ');
  writeFileSync(join(dir, 'userlist.txt'), `"${user}" ""\n`);
  writeFileSync(
    join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `${database} = ${server}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${join(dir, 'userlist.txt')}`,
      `pool_mode = ${poolMode}`,
      `default_pool_size = ${poolSize}`,
      'max_client_conn = 2000',
      // What Debian's package ships, so the test sees what an operator's PgBouncer does.
      'server_reset_query = DISCARD ALL',
      'ignore_startup_parameters = extra_float_digits',
      'log_connections = 0',
      'log_disconnections = 0',
      '',
    ].join('\n'),
  );
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    chmodSync(dir, 0o755);
    for (const file of ['userlist.txt', 'pgbouncer.ini']) chmodSync(join(dir, file), 0o644);
  }
  const child = spawn(PGBOUNCER, [...(asRoot ? ['-u', unprivilegedUser()] : []), join(dir, 'pgbouncer.ini')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const collect = (chunk: Buffer) => output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };

  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  url.password = '';
  try {
    await waitUntilServing(url.toString(), child, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: url.toString(), port, output, stop };
}

/** Polls with a query through the pooler (which then also reaches the server) until it answers. */
async function waitUntilServing(url: string, child: ChildProcess, output: string[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`PgBouncer exited (${child.exitCode}). Output:\n${output.join('\n')}`);
    const client = new Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`PgBouncer did not serve ${url} within 30 s (${(error as Error).message}). Output:\n${output.join('\n')}`, {
          cause: error,
        });
    } finally {
      await client.end().catch(() => undefined);
    }
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** The user PgBouncer switches to when started as root: `postgres` (Debian's packages create it), else `nobody`. */
function unprivilegedUser(): string {
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
    return 'postgres';
  } catch {
    return 'nobody';
  }
}
