import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795432059037 implements MigrationInterface {
  name = 'Foundation1795432059037';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "slug" character varying(100) NOT NULL, "title" character varying(300) NOT NULL, "status" character varying(20) NOT NULL DEFAULT 'draft', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_event_slug" UNIQUE ("slug"), CONSTRAINT "ck_event_status" CHECK ("status" IN ('draft', 'published', 'closed')), CONSTRAINT "pk_event" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "app_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(320) NOT NULL, "full_name" character varying(200) NOT NULL, "password_hash" character varying(255) NOT NULL, "role" character varying(20) NOT NULL DEFAULT 'member', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_app_user_email" UNIQUE ("email"), CONSTRAINT "ck_app_user_role" CHECK ("role" IN ('admin', 'organiser', 'member')), CONSTRAINT "pk_app_user" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "event_role" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" character varying(20) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_event_role_event_user_role" UNIQUE ("event_id", "user_id", "role"), CONSTRAINT "ck_event_role_role" CHECK ("role" IN ('organiser', 'rapporteur', 'checkin')), CONSTRAINT "pk_event_role" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_role" ADD CONSTRAINT "fk_event_role_event" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_role" ADD CONSTRAINT "fk_event_role_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "event_role" DROP CONSTRAINT "fk_event_role_user"`);
    await queryRunner.query(`ALTER TABLE "event_role" DROP CONSTRAINT "fk_event_role_event"`);
    await queryRunner.query(`DROP TABLE "event_role"`);
    await queryRunner.query(`DROP TABLE "app_user"`);
    await queryRunner.query(`DROP TABLE "event"`);
  }
}
