import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14: a series remembers who created it (joining a series is for its team), and each published
 * version of an outcome document keeps the commitments it was published with (outcome_version_commitment),
 * so changes made afterwards wait for the next publication, as the text does.
 * Documents published before this migration get their current commitments as those of their published version.
 */
export class SeriesOwnerAndPublishedCommitments1796200000000 implements MigrationInterface {
  name = 'SeriesOwnerAndPublishedCommitments1796200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "event_series" ADD "created_by_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "event_series" ADD CONSTRAINT "fk_event_series_created_by" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TABLE "outcome_version_commitment" ("document_id" uuid NOT NULL, "version_number" integer NOT NULL, "position" integer NOT NULL, "commitment_id" uuid NOT NULL, "theme" character varying(200) NOT NULL, "text" text NOT NULL, "leads" jsonb NOT NULL DEFAULT '[]', "status" character varying(20) NOT NULL, "follows_up_id" uuid, CONSTRAINT "ck_outcome_version_commitment_status" CHECK ("status" IN ('proposed', 'endorsed', 'in_progress', 'achieved', 'dropped')), CONSTRAINT "uq_outcome_version_commitment_commitment" UNIQUE ("document_id", "version_number", "commitment_id"), CONSTRAINT "pk_outcome_version_commitment" PRIMARY KEY ("document_id", "version_number", "position"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_outcome_version_commitment_commitment" ON "outcome_version_commitment" ("commitment_id") `);
    await queryRunner.query(
      `ALTER TABLE "outcome_version_commitment" ADD CONSTRAINT "fk_outcome_version_commitment_version" FOREIGN KEY ("document_id", "version_number") REFERENCES "outcome_version"("document_id","number") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `INSERT INTO "outcome_version_commitment" ("document_id", "version_number", "position", "commitment_id", "theme", "text", "leads", "status", "follows_up_id")
       SELECT c."document_id", d."published_version", c."position", c."id", c."theme", c."text", c."leads", c."status", c."follows_up_id"
       FROM "commitment" c JOIN "outcome_document" d ON d."id" = c."document_id"
       WHERE d."published_version" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outcome_version_commitment" DROP CONSTRAINT "fk_outcome_version_commitment_version"`);
    await queryRunner.query(`DROP INDEX "public"."ix_outcome_version_commitment_commitment"`);
    await queryRunner.query(`DROP TABLE "outcome_version_commitment"`);
    await queryRunner.query(`ALTER TABLE "event_series" DROP CONSTRAINT "fk_event_series_created_by"`);
    await queryRunner.query(`ALTER TABLE "event_series" DROP COLUMN "created_by_id"`);
  }
}
