import { Client } from 'pg';
import type { DataSource, DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config';

/**
 * What Plenary may keep on a database connection between transactions:
 * - `session`: a direct connection, or a pooler in session mode; a connection is one server session
 *   for as long as it is open, so named prepared statements and session advisory locks work;
 * - `transaction`: a pooler in transaction mode (PgBouncer, Supavisor, pgcat …) may run each
 *   transaction on another server session, so nothing may outlive a transaction: statements are
 *   unnamed and the migration lock is transaction-scoped.
 */
export type Pooling = 'session' | 'transaction';

/** The options of a DataSource made by `dataSourceOptions`, with the pooling they were made for. */
export type PlenaryDataSourceOptions = DataSourceOptions & { plenaryPooling?: Pooling };

/** The pooling a DataSource was configured for (`session` unless `dataSourceOptions` was told otherwise). */
export const poolingOf = (dataSource: DataSource): Pooling => (dataSource.options as PlenaryDataSourceOptions).plenaryPooling ?? 'session';

/** The pooling DATABASE_POOLER asks for, once resolved (`auto` counts as `session` until `resolvePooling` has run). */
export const configuredPooling = (config: AppConfig): Pooling => (config.DATABASE_POOLER === 'transaction' ? 'transaction' : 'session');

type Log = { info(message: string): void; warn(message: string): void };

/**
 * Settles DATABASE_POOLER for this process and returns it: `none` and `session` as given;
 * `transaction` as given, after checking that the pooler is not in statement mode; `auto` asks the
 * server (see `probePooling`) and becomes `transaction` when two connections turn out to share one
 * server session. The embedded PostgreSQL has no pooler in front of it.
 */
export async function resolvePooling(config: AppConfig, url: string, log: Log): Promise<Pooling> {
  const asked = config.DATABASE_POOLER;
  if (asked === 'none' || asked === 'session' || (asked === 'auto' && !config.DATABASE_URL)) {
    if (asked === 'auto') config.DATABASE_POOLER = 'none';
    return 'session';
  }
  let probe: PoolingProbe;
  try {
    probe = await probePooling(url);
  } catch (error) {
    if (asked === 'transaction') return 'transaction';
    log.warn(
      `Could not tell whether DATABASE_URL goes through a transaction pooler (${(error as Error).message}); assuming it does not. Set DATABASE_POOLER to say.`,
    );
    config.DATABASE_POOLER = 'none';
    return 'session';
  }
  if (probe.statementPooling) {
    throw new Error(
      'DATABASE_URL goes through a pooler in statement mode, which refuses transactions of more than one statement; Plenary needs session or transaction mode (see "Connection poolers" in src/database/README.md).',
    );
  }
  if (asked === 'auto') {
    config.DATABASE_POOLER = probe.sharedSession ? 'transaction' : 'none';
    if (probe.sharedSession)
      log.info(
        'DATABASE_URL goes through a transaction pooler (two connections shared one server session): using unnamed statements and a transaction-scoped migration lock. Set DATABASE_POOLER=transaction to say so and skip this check.',
      );
  }
  return configuredPooling(config);
}

export interface PoolingProbe {
  /** Two open connections were answered by the same server session, or one connection by two: a transaction (or statement) pooler. */
  sharedSession: boolean;
  /** The pooler refused a transaction block (PgBouncer in statement mode). */
  statementPooling: boolean;
}

/**
 * Two connections, each asking in turn which server process answers it. A direct connection, or a
 * pooler in session mode, keeps one server session per connection for as long as it is open: two open
 * connections never share one, and one connection never changes. A transaction pooler hands each
 * transaction to whichever server connection is free, usually the one just freed (PgBouncer reuses the
 * most recent first), so one of the two shows up. Never a false alarm; a pooler that happens to
 * alternate its server connections each time may go unnoticed, which is why DATABASE_POOLER can say it.
 */
export async function probePooling(url: string): Promise<PoolingProbe> {
  const clients = [
    new Client({ connectionString: url, application_name: 'plenary-probe' }),
    new Client({ connectionString: url, application_name: 'plenary-probe' }),
  ];
  try {
    for (const client of clients) {
      client.on('error', () => undefined); // a pooler that closes on us is reported by the query that fails
      await client.connect();
    }
    const seen = new Map<number, number>(); // server pid → index of the connection it answered
    let sharedSession = false;
    for (let round = 0; round < 5 && !sharedSession; round++) {
      for (const [index, client] of clients.entries()) {
        const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        const before = seen.get(rows[0].pid);
        if ((before !== undefined && before !== index) || [...seen].some(([pid, owner]) => owner === index && pid !== rows[0].pid))
          sharedSession = true;
        seen.set(rows[0].pid, index);
      }
    }
    let statementPooling = false;
    try {
      await clients[0].query('BEGIN');
      await clients[0].query('SELECT 1');
      await clients[0].query('COMMIT');
    } catch (error) {
      if (!/statement pooling|transaction blocks not allowed/i.test((error as Error).message)) throw error;
      statementPooling = true;
    }
    return { sharedSession, statementPooling };
  } finally {
    await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
  }
}
