import { MigrationInterface, QueryRunner } from 'typeorm';

/** Rendered outcome PDFs, one per published version (see OutcomePdf). */
export class OutcomePdf1796000000000 implements MigrationInterface {
  name = 'OutcomePdf1796000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "outcome_pdf" ("document_id" uuid NOT NULL, "version" integer NOT NULL, "input_sha256" character(64) NOT NULL, "pdf" bytea NOT NULL, "rendered_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_outcome_pdf" PRIMARY KEY ("document_id", "version"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "outcome_pdf" ADD CONSTRAINT "fk_outcome_pdf_document" FOREIGN KEY ("document_id") REFERENCES "outcome_document"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outcome_pdf" DROP CONSTRAINT "fk_outcome_pdf_document"`);
    await queryRunner.query(`DROP TABLE "outcome_pdf"`);
  }
}
