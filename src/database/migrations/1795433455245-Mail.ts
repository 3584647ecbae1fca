import { MigrationInterface, QueryRunner } from 'typeorm';

export class Mail1795433455245 implements MigrationInterface {
  name = 'Mail1795433455245';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "mailing" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "template" character varying(64) NOT NULL, "total" integer NOT NULL, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_mailing_total" CHECK ("total" >= 0), CONSTRAINT "pk_mailing" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_mailing_event" ON "mailing"  ("event_id") `);
    await queryRunner.query(
      `CREATE TABLE "invitation" ("id" uuid NOT NULL, "event_id" uuid NOT NULL, "mailing_id" uuid, "email" character varying(320) NOT NULL, "given_name" character varying(200), "family_name" character varying(200), "delegation_id" uuid, "token_hash" character(64) NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_invitation_token_hash" UNIQUE ("token_hash"), CONSTRAINT "pk_invitation" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_invitation_event_email" ON "invitation"  ("event_id", "email") `);
    await queryRunner.query(
      `CREATE TABLE "mail_message" ("id" uuid NOT NULL, "event_id" uuid NOT NULL, "mailing_id" uuid, "invitation_id" uuid, "template" character varying(64) NOT NULL, "to_email" character varying(320) NOT NULL, "to_name" character varying(300), "data" jsonb NOT NULL, "message_id" character varying(200) NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'queued', "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "smtp_response" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_attempt_at" TIMESTAMP WITH TIME ZONE, "sent_at" TIMESTAMP WITH TIME ZONE, "failed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_mail_message_attempts" CHECK ("attempts" >= 0), CONSTRAINT "ck_mail_message_status" CHECK ("status" IN ('queued', 'sent', 'failed')), CONSTRAINT "pk_mail_message" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_mail_message_created" ON "mail_message"  ("created_at") `);
    await queryRunner.query(`CREATE INDEX "ix_mail_message_mailing_status" ON "mail_message"  ("mailing_id", "status") `);
    await queryRunner.query(`CREATE INDEX "ix_mail_message_event_created" ON "mail_message"  ("event_id", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "mail_template_override" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "name" character varying(64) NOT NULL, "subject" text, "html" text, "text" text, "updated_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_mail_template_override_event_name" UNIQUE ("event_id", "name"), CONSTRAINT "pk_mail_template_override" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "mailing" ADD CONSTRAINT "fk_mailing_event" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "mailing" ADD CONSTRAINT "fk_mailing_created_by" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "invitation" ADD CONSTRAINT "fk_invitation_event" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "invitation" ADD CONSTRAINT "fk_invitation_mailing" FOREIGN KEY ("mailing_id") REFERENCES "mailing"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "mail_message" ADD CONSTRAINT "fk_mail_message_event" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "mail_message" ADD CONSTRAINT "fk_mail_message_mailing" FOREIGN KEY ("mailing_id") REFERENCES "mailing"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "mail_message" ADD CONSTRAINT "fk_mail_message_invitation" FOREIGN KEY ("invitation_id") REFERENCES "invitation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "mail_template_override" ADD CONSTRAINT "fk_mail_template_override_event" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "mail_template_override" ADD CONSTRAINT "fk_mail_template_override_updated_by" FOREIGN KEY ("updated_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "mail_template_override" DROP CONSTRAINT "fk_mail_template_override_updated_by"`);
    await queryRunner.query(`ALTER TABLE "mail_template_override" DROP CONSTRAINT "fk_mail_template_override_event"`);
    await queryRunner.query(`ALTER TABLE "mail_message" DROP CONSTRAINT "fk_mail_message_invitation"`);
    await queryRunner.query(`ALTER TABLE "mail_message" DROP CONSTRAINT "fk_mail_message_mailing"`);
    await queryRunner.query(`ALTER TABLE "mail_message" DROP CONSTRAINT "fk_mail_message_event"`);
    await queryRunner.query(`ALTER TABLE "invitation" DROP CONSTRAINT "fk_invitation_mailing"`);
    await queryRunner.query(`ALTER TABLE "invitation" DROP CONSTRAINT "fk_invitation_event"`);
    await queryRunner.query(`ALTER TABLE "mailing" DROP CONSTRAINT "fk_mailing_created_by"`);
    await queryRunner.query(`ALTER TABLE "mailing" DROP CONSTRAINT "fk_mailing_event"`);
    await queryRunner.query(`DROP TABLE "mail_template_override"`);
    await queryRunner.query(`DROP INDEX "public"."ix_mail_message_event_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_mail_message_mailing_status"`);
    await queryRunner.query(`DROP INDEX "public"."ix_mail_message_created"`);
    await queryRunner.query(`DROP TABLE "mail_message"`);
    await queryRunner.query(`DROP INDEX "public"."ix_invitation_event_email"`);
    await queryRunner.query(`DROP TABLE "invitation"`);
    await queryRunner.query(`DROP INDEX "public"."ix_mailing_event"`);
    await queryRunner.query(`DROP TABLE "mailing"`);
  }
}
