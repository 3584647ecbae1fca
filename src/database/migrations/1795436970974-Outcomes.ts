import { MigrationInterface, QueryRunner } from 'typeorm';

export class Outcomes1795436970974 implements MigrationInterface {
  name = 'Outcomes1795436970974';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "outcome_document" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "title" character varying(300) NOT NULL, "kind" character varying(30) NOT NULL, "status" character varying(20) NOT NULL DEFAULT 'draft', "latest_version" integer NOT NULL, "published_version" integer, "published_at" TIMESTAMP WITH TIME ZONE, "review_comment" text, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_outcome_document_published_version" CHECK ("published_version" IS NULL OR ("published_version" >= 1 AND "published_version" <= "latest_version")), CONSTRAINT "ck_outcome_document_status" CHECK ("status" IN ('draft', 'in_review', 'published', 'withdrawn')), CONSTRAINT "ck_outcome_document_kind" CHECK ("kind" IN ('outcome_statement', 'chair_summary', 'report', 'declaration')), CONSTRAINT "pk_outcome_document" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_outcome_document_event" ON "outcome_document"  ("event_id") `);
    await queryRunner.query(
      `CREATE TABLE "commitment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "document_id" uuid NOT NULL, "position" integer NOT NULL, "theme" character varying(200) NOT NULL, "text" text NOT NULL, "leads" jsonb NOT NULL DEFAULT '[]', "status" character varying(20) NOT NULL DEFAULT 'proposed', "follows_up_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_commitment_not_self" CHECK ("follows_up_id" IS NULL OR "follows_up_id" <> "id"), CONSTRAINT "ck_commitment_status" CHECK ("status" IN ('proposed', 'endorsed', 'in_progress', 'achieved', 'dropped')), CONSTRAINT "pk_commitment" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_commitment_follows_up" ON "commitment"  ("follows_up_id") `);
    await queryRunner.query(`CREATE INDEX "ix_commitment_document" ON "commitment"  ("document_id", "position") `);
    await queryRunner.query(
      `CREATE TABLE "outcome_version" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "document_id" uuid NOT NULL, "number" integer NOT NULL, "body" text NOT NULL, "change_note" character varying(1000), "author_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_outcome_version_document_number" UNIQUE ("document_id", "number"), CONSTRAINT "ck_outcome_version_number" CHECK ("number" >= 1), CONSTRAINT "pk_outcome_version" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "outcome_document" ADD CONSTRAINT "fk_outcome_document_event" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "outcome_document" ADD CONSTRAINT "fk_outcome_document_created_by" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "commitment" ADD CONSTRAINT "fk_commitment_document" FOREIGN KEY ("document_id") REFERENCES "outcome_document"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "commitment" ADD CONSTRAINT "fk_commitment_follows_up" FOREIGN KEY ("follows_up_id") REFERENCES "commitment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "outcome_version" ADD CONSTRAINT "fk_outcome_version_document" FOREIGN KEY ("document_id") REFERENCES "outcome_document"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "outcome_version" ADD CONSTRAINT "fk_outcome_version_author" FOREIGN KEY ("author_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outcome_version" DROP CONSTRAINT "fk_outcome_version_author"`);
    await queryRunner.query(`ALTER TABLE "outcome_version" DROP CONSTRAINT "fk_outcome_version_document"`);
    await queryRunner.query(`ALTER TABLE "commitment" DROP CONSTRAINT "fk_commitment_follows_up"`);
    await queryRunner.query(`ALTER TABLE "commitment" DROP CONSTRAINT "fk_commitment_document"`);
    await queryRunner.query(`ALTER TABLE "outcome_document" DROP CONSTRAINT "fk_outcome_document_created_by"`);
    await queryRunner.query(`ALTER TABLE "outcome_document" DROP CONSTRAINT "fk_outcome_document_event"`);
    await queryRunner.query(`DROP TABLE "outcome_version"`);
    await queryRunner.query(`DROP INDEX "public"."ix_commitment_document"`);
    await queryRunner.query(`DROP INDEX "public"."ix_commitment_follows_up"`);
    await queryRunner.query(`DROP TABLE "commitment"`);
    await queryRunner.query(`DROP INDEX "public"."ix_outcome_document_event"`);
    await queryRunner.query(`DROP TABLE "outcome_document"`);
  }
}
