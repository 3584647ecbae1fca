import { MigrationInterface, QueryRunner } from 'typeorm';

export class OutcomeSummaryMailing1795437791384 implements MigrationInterface {
  name = 'OutcomeSummaryMailing1795437791384';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "outcome_summary_mailing" ("document_id" uuid NOT NULL, "version_number" integer NOT NULL, "mailing_id" uuid NOT NULL, "audience" character varying(20) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_outcome_summary_mailing" PRIMARY KEY ("document_id", "version_number"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "outcome_summary_mailing" ADD CONSTRAINT "fk_outcome_summary_mailing_document" FOREIGN KEY ("document_id") REFERENCES "outcome_document"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "outcome_summary_mailing" ADD CONSTRAINT "fk_outcome_summary_mailing_mailing" FOREIGN KEY ("mailing_id") REFERENCES "mailing"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outcome_summary_mailing" DROP CONSTRAINT "fk_outcome_summary_mailing_mailing"`);
    await queryRunner.query(`ALTER TABLE "outcome_summary_mailing" DROP CONSTRAINT "fk_outcome_summary_mailing_document"`);
    await queryRunner.query(`DROP TABLE "outcome_summary_mailing"`);
  }
}
