import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The guard of every statement that enqueues mail (MailService.enqueueing): given the number of mails
 * it stored and of jobs the queue accepted, it raises when they differ, so the statement, and the change
 * that caused the mail, rolls back instead of leaving a mail that would never be sent.
 */
export class MailQueuedGuard1797020000001 implements MigrationInterface {
  name = 'MailQueuedGuard1797020000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE FUNCTION "mail_all_queued"(mails bigint, jobs bigint) RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
       BEGIN
         IF jobs IS DISTINCT FROM mails THEN
           RAISE EXCEPTION 'The mail queue accepted % of % jobs', jobs, mails USING HINT = 'No mail may be stored without its queue job';
         END IF;
         RETURN true;
       END $$`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION "mail_all_queued"(bigint, bigint)`);
  }
}
