import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14: an invitation may be marked transferable (otherwise only its invitee uses it), and an event
 * has one delegation per country and one per organisation (by name, case-insensitively).
 * The unique indexes are refused by PostgreSQL if an event already holds such duplicates: merge or
 * rename them first (the error names the index and the duplicated key).
 */
export class InvitationsAndDelegationsPerEvent1796100000000 implements MigrationInterface {
  name = 'InvitationsAndDelegationsPerEvent1796100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "invitation" ADD "transferable" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_delegation_event_country" ON "delegation" ("event_id", "country_code") WHERE "kind" = 'country'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_delegation_event_organisation" ON "delegation" ("event_id", lower("organisation_name")) WHERE "kind" = 'organisation'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_delegation_event_organisation"`);
    await queryRunner.query(`DROP INDEX "public"."uq_delegation_event_country"`);
    await queryRunner.query(`ALTER TABLE "invitation" DROP COLUMN "transferable"`);
  }
}
