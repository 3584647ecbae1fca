import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16: when the head of a delegation was last mailed their invitation again. A resend is an UPDATE
 * that succeeds only when this is empty or older than the resend interval, so a double click mails once.
 */
export class DelegationInvitationResent1798160000000 implements MigrationInterface {
  name = 'DelegationInvitationResent1798160000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "delegation" ADD "invitation_resent_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "delegation" DROP COLUMN "invitation_resent_at"`);
  }
}
