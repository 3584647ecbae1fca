import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18, visa support letters and certificates of attendance: the references of the documents issued
 * (one valid document of a kind per registration, a partial unique index; revoked ones stay, so that their
 * reference answers "revoked" on /verify), and each event's letter template. `letterhead_file_id` will
 * reference the files table (`stored_file`, built in parallel); its foreign key comes with that table.
 */
export class DocumentReferencesAndLetters1798193000000 implements MigrationInterface {
  name = 'DocumentReferencesAndLetters1798193000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "document_reference" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "reference" character varying(32) NOT NULL, ` +
        `"kind" character varying(20) NOT NULL, "registration_id" uuid NOT NULL, "event_id" uuid NOT NULL, ` +
        `"status" character varying(10) NOT NULL DEFAULT 'valid', "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), ` +
        `"revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_reason" character varying(500), ` +
        `CONSTRAINT "ck_document_reference_kind" CHECK ("kind" IN ('visa_letter', 'certificate')), ` +
        `CONSTRAINT "ck_document_reference_status" CHECK ("status" IN ('valid', 'revoked')), ` +
        `CONSTRAINT "pk_document_reference" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_document_reference_reference" ON "document_reference" ("reference") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_document_reference_valid" ON "document_reference" ("registration_id", "kind") WHERE "status" = 'valid'`,
    );
    await queryRunner.query(`CREATE INDEX "ix_document_reference_event" ON "document_reference" ("event_id", "kind") `);
    await queryRunner.query(
      `ALTER TABLE "document_reference" ADD CONSTRAINT "fk_document_reference_registration" FOREIGN KEY ("registration_id") REFERENCES "registration"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "document_reference" ADD CONSTRAINT "fk_document_reference_event" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TABLE "letter_template" ("event_id" uuid NOT NULL, "letterhead_file_id" uuid, "body" text NOT NULL, ` +
        `"signatory_name" character varying(200) NOT NULL, "signatory_title" character varying(200) NOT NULL, ` +
        `"updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_letter_template" PRIMARY KEY ("event_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "letter_template" ADD CONSTRAINT "fk_letter_template_event" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "letter_template"`);
    await queryRunner.query(`DROP TABLE "document_reference"`);
  }
}
