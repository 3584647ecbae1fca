import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The organisers' dashboard (issue 16) counts an event's registrations and mails without reading their rows:
 * the indexes it reads them by carry the columns it counts (INCLUDE), so the counts are index-only scans.
 * Same indexes, same keys, for every other query; no index more for an insert to write. See
 * src/dashboard/README.md for the plans before and after. (Rebuilt inside the migrations' transaction:
 * writes to the two tables wait while it runs, under a second for 100,000 rows.)
 */
export class DashboardCoveringIndexes1798000000300 implements MigrationInterface {
  name = 'DashboardCoveringIndexes1798000000300';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_registration_event_status"`);
    await queryRunner.query(
      `CREATE INDEX "ix_registration_event_status" ON "registration" ("event_id", "status") INCLUDE ("category", "created_at", "checked_in_at")`,
    );
    await queryRunner.query(`DROP INDEX "public"."ix_mail_message_event_created"`);
    await queryRunner.query(`CREATE INDEX "ix_mail_message_event_created" ON "mail_message" ("event_id", "created_at") INCLUDE ("status")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_mail_message_event_created"`);
    await queryRunner.query(`CREATE INDEX "ix_mail_message_event_created" ON "mail_message" ("event_id", "created_at") `);
    await queryRunner.query(`DROP INDEX "public"."ix_registration_event_status"`);
    await queryRunner.query(`CREATE INDEX "ix_registration_event_status" ON "registration" ("event_id", "status") `);
  }
}
