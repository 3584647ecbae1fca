import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18, badges: a registration may be of the category `security` (the guards and officers at the venue),
 * printed on its own colour band. The check constraint lists the categories of REGISTRATION_CATEGORIES.
 */
export class SecurityCategory1798195000000 implements MigrationInterface {
  name = 'SecurityCategory1798195000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "registration" DROP CONSTRAINT "ck_registration_category"`);
    await queryRunner.query(
      `ALTER TABLE "registration" ADD CONSTRAINT "ck_registration_category" CHECK ("category" IN ('delegate', 'observer', 'speaker', 'media', 'staff', 'security'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Registrations of the category `security` become `staff`, the nearest of the categories before.
    await queryRunner.query(`UPDATE "registration" SET "category" = 'staff' WHERE "category" = 'security'`);
    await queryRunner.query(`ALTER TABLE "registration" DROP CONSTRAINT "ck_registration_category"`);
    await queryRunner.query(
      `ALTER TABLE "registration" ADD CONSTRAINT "ck_registration_category" CHECK ("category" IN ('delegate', 'observer', 'speaker', 'media', 'staff'))`,
    );
  }
}
