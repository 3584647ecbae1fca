import { MigrationInterface, QueryRunner } from 'typeorm';

export class WaitlistIndex1795436974251 implements MigrationInterface {
  name = 'WaitlistIndex1795436974251';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_registration_waitlist" ON "registration"  ("event_id", "waitlist_position") WHERE "status" = 'waitlisted'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_registration_waitlist"`);
  }
}
