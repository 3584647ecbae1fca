import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17: a mailing remembers the key of the request that started it (`requestKey` of
 * POST /events/:id/invitations, the console's checked list). The unique index makes a key start at most one
 * mailing, so a double click or a retried request mails nobody twice.
 */
export class MailingRequestKey1798180000000 implements MigrationInterface {
  name = 'MailingRequestKey1798180000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "mailing" ADD "request_key" uuid`);
    await queryRunner.query(`CREATE UNIQUE INDEX "ux_mailing_request_key" ON "mailing" ("request_key") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ux_mailing_request_key"`);
    await queryRunner.query(`ALTER TABLE "mailing" DROP COLUMN "request_key"`);
  }
}
