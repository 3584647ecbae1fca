import PgBoss from 'pg-boss';

/**
 * What Plenary writes into pg-boss's tables itself, in one place: the job columns of a mail's job, the
 * fetch index, and pg-boss's construction plans for a database that has no pg-boss schema yet. No Nest
 * imports, so migrations can use it. pg-boss is pinned by the lockfile; the mail tests fail if its job
 * table ever changes shape.
 */

/** pg-boss's schema, as the mail queue uses it (PgBoss's default). */
export const PGBOSS_SCHEMA = 'pgboss';

/** The pg-boss queue that carries mail. */
export const MAIL_QUEUE = 'mail';

/** The job settings of the mail queue (validated integers from the configuration, so safe to write into SQL). */
export interface MailJobDefaults {
  retryLimit: number;
  retryDelay: number;
  expireInSeconds: number;
}

/**
 * SQL that adds one mail job per id in `mailIds` (an SQL query yielding a column `id`, e.g. a
 * data-modifying CTE's RETURNING), for a statement that enqueues along with its change. The columns are
 * those pg-boss 10's own insert writes for this queue (standard policy, the given retry and expiry
 * settings, pg-boss's default retention of 14 days); workers take them like any pg-boss job.
 */
export function mailJobsFrom(mailIds: string, defaults: MailJobDefaults): string {
  return `INSERT INTO ${PGBOSS_SCHEMA}.job (id, name, retry_limit, retry_delay, retry_backoff, expire_in, keep_until, policy)
      SELECT ids.id, '${MAIL_QUEUE}', ${defaults.retryLimit}, ${defaults.retryDelay}, true,
             interval '${defaults.expireInSeconds} seconds', now() + interval '14 days', 'standard'
      FROM (${mailIds}) AS ids`;
}

/**
 * SQL that queues the mails `mailIds` (as for mailJobsFrom) again: a mail's job has the mail's id, so the
 * job of a mail sent before (completed or failed; or archived by pg-boss, then inserted anew) is put back
 * to `created`, with its retries counted from zero and taken as soon as a worker fetches.
 */
export function mailJobsAgainFrom(mailIds: string, defaults: MailJobDefaults): string {
  return `${mailJobsFrom(mailIds, defaults)}
      ON CONFLICT (name, id) DO UPDATE SET state = 'created', retry_count = 0, start_after = now(), started_on = NULL,
        completed_on = NULL, output = NULL, created_on = now(), keep_until = EXCLUDED.keep_until`;
}

/** The index that gives pg-boss's fetch order (priority DESC, created_on, id) to the jobs still waiting; see src/mail/README.md. */
export const FETCH_ORDER_INDEX = 'job_fetch_order';

export const CREATE_FETCH_ORDER_INDEX = `CREATE INDEX IF NOT EXISTS "${FETCH_ORDER_INDEX}" ON "${PGBOSS_SCHEMA}"."job" ("name", "priority" DESC, "created_on", "id") WHERE "state" < 'active'`;

export const DROP_FETCH_ORDER_INDEX = `DROP INDEX IF EXISTS "${PGBOSS_SCHEMA}"."${FETCH_ORDER_INDEX}"`;

/** True once pg-boss's job table exists (a query yielding one row, column `present`). */
export const PGBOSS_PRESENT = `SELECT to_regclass('${PGBOSS_SCHEMA}.job') IS NOT NULL AS present`;

/**
 * pg-boss's own construction plans (at the pinned version) for a migration, which already runs in a
 * transaction: the plans' own BEGIN … COMMIT is taken off. pg-boss then finds its schema current.
 */
export function pgBossConstructionPlans(): string {
  const sql = PgBoss.getConstructionPlans(PGBOSS_SCHEMA).trim();
  if (!sql.startsWith('BEGIN;') || !sql.endsWith('COMMIT;'))
    throw new Error('pg-boss construction plans no longer run as one BEGIN … COMMIT block');
  return sql.slice('BEGIN;'.length, -'COMMIT;'.length);
}
