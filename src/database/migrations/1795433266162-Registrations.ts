import { MigrationInterface, QueryRunner } from 'typeorm';

export class Registrations1795433266162 implements MigrationInterface {
  name = 'Registrations1795433266162';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "delegation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "kind" character varying(20) NOT NULL, "country_code" character(2), "organisation_name" character varying(300), "quota" integer NOT NULL, "reserved_count" integer NOT NULL DEFAULT '0', "code" character varying(32) NOT NULL, "status" character varying(20) NOT NULL DEFAULT 'invited', "head_email" character varying(320), "head_given_name" character varying(100), "head_family_name" character varying(100), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_delegation_code" UNIQUE ("code"), CONSTRAINT "ck_delegation_country" CHECK ("kind" <> 'country' OR "country_code" IS NOT NULL), CONSTRAINT "ck_delegation_quota" CHECK ("reserved_count" >= 0 AND "reserved_count" <= "quota"), CONSTRAINT "ck_delegation_status" CHECK ("status" IN ('invited', 'nominated', 'accredited')), CONSTRAINT "ck_delegation_kind" CHECK ("kind" IN ('country', 'organisation')), CONSTRAINT "pk_delegation" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_delegation_event" ON "delegation"  ("event_id") `);
    await queryRunner.query(
      `CREATE TABLE "registration" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "email" character varying(320) NOT NULL, "honorific" character varying(40), "given_name" character varying(100) NOT NULL, "family_name" character varying(100) NOT NULL, "job_title" character varying(200), "organisation" character varying(300), "nationality" character(2), "category" character varying(20) NOT NULL DEFAULT 'delegate', "answers" jsonb NOT NULL DEFAULT '{}', "delegation_id" uuid, "is_head_of_delegation" boolean NOT NULL DEFAULT false, "status" character varying(20) NOT NULL, "waitlist_position" integer, "manage_token_hash" character(64) NOT NULL, "badge_code" character varying(32) NOT NULL, "checked_in_at" TIMESTAMP WITH TIME ZONE, "cancelled_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_registration_badge_code" UNIQUE ("badge_code"), CONSTRAINT "uq_registration_manage_token_hash" UNIQUE ("manage_token_hash"), CONSTRAINT "ck_registration_waitlist" CHECK (("status" = 'waitlisted') = ("waitlist_position" IS NOT NULL)), CONSTRAINT "ck_registration_category" CHECK ("category" IN ('delegate', 'observer', 'speaker', 'media', 'staff')), CONSTRAINT "ck_registration_status" CHECK ("status" IN ('pending', 'confirmed', 'waitlisted', 'rejected', 'cancelled')), CONSTRAINT "pk_registration" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_registration_delegation" ON "registration"  ("delegation_id") `);
    await queryRunner.query(`CREATE INDEX "ix_registration_event_status" ON "registration"  ("event_id", "status") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_registration_event_email_active" ON "registration"  ("event_id", "email") WHERE "status" IN ('pending', 'confirmed', 'waitlisted')`,
    );
    await queryRunner.query(
      `CREATE TABLE "event_seat" ("event_id" uuid NOT NULL, "seat_number" integer NOT NULL, "registration_id" uuid, CONSTRAINT "pk_event_seat" PRIMARY KEY ("event_id", "seat_number"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_event_seat_registration" ON "event_seat"  ("registration_id") `);
    await queryRunner.query(
      `CREATE INDEX "ix_event_seat_free" ON "event_seat"  ("event_id", "seat_number") WHERE "registration_id" IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "registration_form" ("event_id" uuid NOT NULL, "fields" jsonb NOT NULL DEFAULT '[]', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_registration_form" PRIMARY KEY ("event_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "delegation" ADD CONSTRAINT "fk_delegation_event" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "registration" ADD CONSTRAINT "fk_registration_event" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "registration" ADD CONSTRAINT "fk_registration_delegation" FOREIGN KEY ("delegation_id") REFERENCES "delegation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_seat" ADD CONSTRAINT "fk_event_seat_event" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_seat" ADD CONSTRAINT "fk_event_seat_registration" FOREIGN KEY ("registration_id") REFERENCES "registration"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "registration_form" ADD CONSTRAINT "fk_registration_form_event" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "registration_form" DROP CONSTRAINT "fk_registration_form_event"`);
    await queryRunner.query(`ALTER TABLE "event_seat" DROP CONSTRAINT "fk_event_seat_registration"`);
    await queryRunner.query(`ALTER TABLE "event_seat" DROP CONSTRAINT "fk_event_seat_event"`);
    await queryRunner.query(`ALTER TABLE "registration" DROP CONSTRAINT "fk_registration_delegation"`);
    await queryRunner.query(`ALTER TABLE "registration" DROP CONSTRAINT "fk_registration_event"`);
    await queryRunner.query(`ALTER TABLE "delegation" DROP CONSTRAINT "fk_delegation_event"`);
    await queryRunner.query(`DROP TABLE "registration_form"`);
    await queryRunner.query(`DROP INDEX "public"."ix_event_seat_free"`);
    await queryRunner.query(`DROP INDEX "public"."uq_event_seat_registration"`);
    await queryRunner.query(`DROP TABLE "event_seat"`);
    await queryRunner.query(`DROP INDEX "public"."uq_registration_event_email_active"`);
    await queryRunner.query(`DROP INDEX "public"."ix_registration_event_status"`);
    await queryRunner.query(`DROP INDEX "public"."ix_registration_delegation"`);
    await queryRunner.query(`DROP TABLE "registration"`);
    await queryRunner.query(`DROP INDEX "public"."ix_delegation_event"`);
    await queryRunner.query(`DROP TABLE "delegation"`);
  }
}
