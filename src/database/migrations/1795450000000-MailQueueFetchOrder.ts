import PgBoss from 'pg-boss';
import { MigrationInterface, QueryRunner } from 'typeorm';

/** pg-boss's schema, as the mail queue uses it (PgBoss's default). */
const PGBOSS_SCHEMA = 'pgboss';

/**
 * pg-boss takes queued jobs in the order (priority DESC, created_on, id), which none of its indexes
 * gives, so every fetch read and sorted every waiting job. This index gives that order (the figures are
 * in src/mail/README.md).
 * The index belongs on pg-boss's table, so a database that has no pg-boss schema yet gets it here,
 * from pg-boss's own construction plans (at the pinned version; pg-boss then finds it current).
 * Partitions pg-boss attaches later for new queues get the index too.
 */
export class MailQueueFetchOrder1795450000000 implements MigrationInterface {
  name = 'MailQueueFetchOrder1795450000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const [{ present }] = await queryRunner.query(`SELECT to_regclass('${PGBOSS_SCHEMA}.job') IS NOT NULL AS present`);
    if (!present) await queryRunner.query(withoutOwnTransaction(PgBoss.getConstructionPlans(PGBOSS_SCHEMA)));
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS "job_fetch_order" ON "${PGBOSS_SCHEMA}"."job" ("name", "priority" DESC, "created_on", "id") WHERE "state" < 'active'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS "${PGBOSS_SCHEMA}"."job_fetch_order"`);
  }
}

/** pg-boss's plans wrap themselves in BEGIN … COMMIT; a migration already runs in a transaction of its own. */
function withoutOwnTransaction(plans: string): string {
  const sql = plans.trim();
  if (!sql.startsWith('BEGIN;') || !sql.endsWith('COMMIT;'))
    throw new Error('pg-boss construction plans no longer run as one BEGIN … COMMIT block');
  return sql.slice('BEGIN;'.length, -'COMMIT;'.length);
}
