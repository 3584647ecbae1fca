import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18: passport / ID data kept safe. `registration_identity` holds a registration's document, the
 * number and date of birth as AES-256-GCM ciphertext with the id of their key beside them; events say
 * whether they ask for a photo and for passport data; and the `accreditation` event role.
 */
export class RegistrationIdentity1798191000000 implements MigrationInterface {
  name = 'RegistrationIdentity1798191000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "registration_identity" ("registration_id" uuid NOT NULL, "passport_number" bytea NOT NULL, "date_of_birth" bytea NOT NULL, "key_id" character varying(32) NOT NULL, "issuing_country" character(2) NOT NULL, "passport_expiry" date NOT NULL, "needs_visa_letter" boolean NOT NULL DEFAULT false, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_registration_identity" PRIMARY KEY ("registration_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_registration_identity_key" ON "registration_identity" ("key_id") `);
    await queryRunner.query(
      `ALTER TABLE "registration_identity" ADD CONSTRAINT "fk_registration_identity_registration" FOREIGN KEY ("registration_id") REFERENCES "registration"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`ALTER TABLE "event" ADD "asks_photo" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "event" ADD "asks_passport" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "event_role" DROP CONSTRAINT "ck_event_role_role"`);
    await queryRunner.query(
      `ALTER TABLE "event_role" ADD CONSTRAINT "ck_event_role_role" CHECK ("role" IN ('organiser', 'rapporteur', 'checkin', 'accreditation'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "event_role" WHERE "role" = 'accreditation'`);
    await queryRunner.query(`ALTER TABLE "event_role" DROP CONSTRAINT "ck_event_role_role"`);
    await queryRunner.query(
      `ALTER TABLE "event_role" ADD CONSTRAINT "ck_event_role_role" CHECK ("role" IN ('organiser', 'rapporteur', 'checkin'))`,
    );
    await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "asks_passport"`);
    await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "asks_photo"`);
    await queryRunner.query(`ALTER TABLE "registration_identity" DROP CONSTRAINT "fk_registration_identity_registration"`);
    await queryRunner.query(`DROP INDEX "public"."ix_registration_identity_key"`);
    await queryRunner.query(`DROP TABLE "registration_identity"`);
  }
}
