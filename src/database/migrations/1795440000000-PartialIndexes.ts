import { MigrationInterface, QueryRunner } from 'typeorm';

/** Most registrations have no delegation and most mails no mailing: their inserts need not touch those indexes. */
export class PartialIndexes1795440000000 implements MigrationInterface {
  name = 'PartialIndexes1795440000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_registration_delegation"`);
    await queryRunner.query(
      `CREATE INDEX "ix_registration_delegation" ON "registration" ("delegation_id") WHERE "delegation_id" IS NOT NULL`,
    );
    await queryRunner.query(`DROP INDEX "public"."ix_mail_message_mailing_status"`);
    await queryRunner.query(
      `CREATE INDEX "ix_mail_message_mailing_status" ON "mail_message" ("mailing_id", "status") WHERE "mailing_id" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_mail_message_mailing_status"`);
    await queryRunner.query(`CREATE INDEX "ix_mail_message_mailing_status" ON "mail_message" ("mailing_id", "status") `);
    await queryRunner.query(`DROP INDEX "public"."ix_registration_delegation"`);
    await queryRunner.query(`CREATE INDEX "ix_registration_delegation" ON "registration" ("delegation_id") `);
  }
}
