import { MigrationInterface, QueryRunner } from 'typeorm';

export class Agenda1795433367199 implements MigrationInterface {
  name = 'Agenda1795433367199';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "event_series" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(300) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_event_series" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "session" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "title" character varying(300) NOT NULL, "kind" character varying(20) NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "room" character varying(120), "track" character varying(120), "description" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_session_times" CHECK ("ends_at" > "starts_at"), CONSTRAINT "ck_session_kind" CHECK ("kind" IN ('opening', 'keynote', 'plenary', 'panel', 'workshop', 'side_event', 'break', 'closing')), CONSTRAINT "pk_session" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_session_event_starts_at" ON "session"  ("event_id", "starts_at") `);
    await queryRunner.query(
      `CREATE TABLE "speaker" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "honorific" character varying(50), "full_name" character varying(200) NOT NULL, "position" character varying(300), "organisation" character varying(300), "bio" text, "email" character varying(320), "precedence" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_speaker" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_speaker_event" ON "speaker"  ("event_id") `);
    await queryRunner.query(
      `CREATE TABLE "session_speaker" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "session_id" uuid NOT NULL, "speaker_id" uuid NOT NULL, "role" character varying(20) NOT NULL, "sort_order" integer NOT NULL DEFAULT '0', CONSTRAINT "uq_session_speaker_session_speaker" UNIQUE ("session_id", "speaker_id"), CONSTRAINT "ck_session_speaker_role" CHECK ("role" IN ('chair', 'moderator', 'keynote', 'speaker', 'panellist', 'discussant', 'rapporteur')), CONSTRAINT "pk_session_speaker" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_session_speaker_speaker" ON "session_speaker"  ("speaker_id") `);
    await queryRunner.query(
      `CREATE TABLE "organisation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(300) NOT NULL, "acronym" character varying(50), "kind" character varying(30) NOT NULL, "country_code" character(2), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_organisation_kind" CHECK ("kind" IN ('government', 'un_agency', 'intergovernmental', 'ngo', 'civil_society', 'academia', 'donor', 'private')), CONSTRAINT "pk_organisation" PRIMARY KEY ("id"))`,
    );
    // Organisations are reused across events: one row per name, compared case-insensitively.
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_organisation_name_ci" ON "organisation" (lower("name"))`);
    await queryRunner.query(
      `CREATE TABLE "event_partner" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "role" character varying(20) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_event_partner_event_organisation_role" UNIQUE ("event_id", "organisation_id", "role"), CONSTRAINT "ck_event_partner_role" CHECK ("role" IN ('host', 'co_organiser', 'funder', 'partner')), CONSTRAINT "pk_event_partner" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_event_partner_organisation" ON "event_partner"  ("organisation_id") `);
    await queryRunner.query(`ALTER TABLE "event" ADD "series_id" uuid`);
    await queryRunner.query(`ALTER TABLE "event" ADD "series_position" integer`);
    await queryRunner.query(`ALTER TABLE "event" ADD "revision" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`CREATE INDEX "ix_event_series" ON "event"  ("series_id") `);
    await queryRunner.query(
      `ALTER TABLE "event" ADD CONSTRAINT "fk_event_series" FOREIGN KEY ("series_id") REFERENCES "event_series"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "session" ADD CONSTRAINT "fk_session_event" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "speaker" ADD CONSTRAINT "fk_speaker_event" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "session_speaker" ADD CONSTRAINT "fk_session_speaker_session" FOREIGN KEY ("session_id") REFERENCES "session"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "session_speaker" ADD CONSTRAINT "fk_session_speaker_speaker" FOREIGN KEY ("speaker_id") REFERENCES "speaker"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_partner" ADD CONSTRAINT "fk_event_partner_event" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_partner" ADD CONSTRAINT "fk_event_partner_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "event_partner" DROP CONSTRAINT "fk_event_partner_organisation"`);
    await queryRunner.query(`ALTER TABLE "event_partner" DROP CONSTRAINT "fk_event_partner_event"`);
    await queryRunner.query(`ALTER TABLE "session_speaker" DROP CONSTRAINT "fk_session_speaker_speaker"`);
    await queryRunner.query(`ALTER TABLE "session_speaker" DROP CONSTRAINT "fk_session_speaker_session"`);
    await queryRunner.query(`ALTER TABLE "speaker" DROP CONSTRAINT "fk_speaker_event"`);
    await queryRunner.query(`ALTER TABLE "session" DROP CONSTRAINT "fk_session_event"`);
    await queryRunner.query(`ALTER TABLE "event" DROP CONSTRAINT "fk_event_series"`);
    await queryRunner.query(`DROP INDEX "public"."ix_event_series"`);
    await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "revision"`);
    await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "series_position"`);
    await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "series_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_event_partner_organisation"`);
    await queryRunner.query(`DROP TABLE "event_partner"`);
    await queryRunner.query(`DROP INDEX "public"."uq_organisation_name_ci"`);
    await queryRunner.query(`DROP TABLE "organisation"`);
    await queryRunner.query(`DROP INDEX "public"."ix_session_speaker_speaker"`);
    await queryRunner.query(`DROP TABLE "session_speaker"`);
    await queryRunner.query(`DROP INDEX "public"."ix_speaker_event"`);
    await queryRunner.query(`DROP TABLE "speaker"`);
    await queryRunner.query(`DROP INDEX "public"."ix_session_event_starts_at"`);
    await queryRunner.query(`DROP TABLE "session"`);
    await queryRunner.query(`DROP TABLE "event_series"`);
  }
}
