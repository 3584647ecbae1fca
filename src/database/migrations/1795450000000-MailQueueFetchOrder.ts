import { MigrationInterface, QueryRunner } from 'typeorm';
import { CREATE_FETCH_ORDER_INDEX, DROP_FETCH_ORDER_INDEX, PGBOSS_PRESENT, pgBossConstructionPlans } from '../../mail/queue/job-sql';

/**
 * An index in pg-boss's fetch order (priority DESC, created_on, id), which none of its own indexes
 * gives, so a fetch no longer sorts every waiting job (see src/mail/README.md). The index belongs on
 * pg-boss's table, so a database that has no pg-boss schema yet gets it here, from pg-boss's own
 * construction plans. Partitions pg-boss attaches later for new queues get the index too.
 */
export class MailQueueFetchOrder1795450000000 implements MigrationInterface {
  name = 'MailQueueFetchOrder1795450000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const [{ present }] = (await queryRunner.query(PGBOSS_PRESENT)) as { present: boolean }[];
    if (!present) await queryRunner.query(pgBossConstructionPlans());
    await queryRunner.query(CREATE_FETCH_ORDER_INDEX);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(DROP_FETCH_ORDER_INDEX);
  }
}
