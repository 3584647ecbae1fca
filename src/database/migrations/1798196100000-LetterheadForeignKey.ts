import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18: a letter template's letterhead is a stored file (uploaded by `PUT /events/:id/letter-template/
 * letterhead`), so `letter_template.letterhead_file_id` gets the foreign key migration 1798193000000 could not
 * give it (the files table was being built at the same time): removing the file clears it. Ids that name no
 * letterhead of the template's event (written by hand before there was an upload) are cleared first.
 */
export class LetterheadForeignKey1798196100000 implements MigrationInterface {
  name = 'LetterheadForeignKey1798196100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE "letter_template" AS t SET "letterhead_file_id" = NULL
        WHERE t."letterhead_file_id" IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM "stored_file" AS f
                           WHERE f."id" = t."letterhead_file_id" AND f."event_id" = t."event_id" AND f."kind" = 'letterhead')`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_letter_template_letterhead_file" ON "letter_template" ("letterhead_file_id") WHERE "letterhead_file_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "letter_template" ADD CONSTRAINT "fk_letter_template_letterhead" FOREIGN KEY ("letterhead_file_id") REFERENCES "stored_file"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "letter_template" DROP CONSTRAINT "fk_letter_template_letterhead"`);
    await queryRunner.query(`DROP INDEX "public"."ix_letter_template_letterhead_file"`);
  }
}
