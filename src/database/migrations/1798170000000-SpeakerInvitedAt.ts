import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17: when a booked speaker was last mailed their invitation to the session. An invitation is an
 * UPDATE that succeeds only when this is empty or older than the interval, so a double click mails once.
 */
export class SpeakerInvitedAt1798170000000 implements MigrationInterface {
  name = 'SpeakerInvitedAt1798170000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "session_speaker" ADD "invited_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "session_speaker" DROP COLUMN "invited_at"`);
  }
}
