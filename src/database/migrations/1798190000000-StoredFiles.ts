import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18: every uploaded or generated file in one table (src/files), and the two rows that use one so
 * far: a registration's photo and a delegation's credentials letter (set to null when the file goes).
 * `data` is stored EXTERNAL (out of line, uncompressed): photos and PDFs are compressed already, and an
 * uncompressed value lets `substring(data FROM n FOR m)` read only the pieces a stream asks for.
 */
export class StoredFiles1798190000000 implements MigrationInterface {
  name = 'StoredFiles1798190000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "stored_file" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "kind" character varying(30) NOT NULL, "content_type" character varying(100) NOT NULL, "filename" character varying(120) NOT NULL, "size_bytes" integer NOT NULL, "sha256" character(64) NOT NULL, "data" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_stored_file_kind" CHECK ("kind" IN ('photo', 'credentials_letter', 'letterhead', 'document')), CONSTRAINT "ck_stored_file_size" CHECK ("size_bytes" = octet_length("data")), CONSTRAINT "ck_stored_file_sha256" CHECK ("sha256" ~ '^[0-9a-f]{64}$'), CONSTRAINT "pk_stored_file" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`ALTER TABLE "stored_file" ALTER COLUMN "data" SET STORAGE EXTERNAL`);
    await queryRunner.query(`CREATE INDEX "ix_stored_file_event" ON "stored_file" ("event_id") `);
    await queryRunner.query(
      `ALTER TABLE "stored_file" ADD CONSTRAINT "fk_stored_file_event" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`ALTER TABLE "registration" ADD "photo_file_id" uuid`);
    await queryRunner.query(
      `CREATE INDEX "ix_registration_photo_file" ON "registration" ("photo_file_id") WHERE "photo_file_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "registration" ADD CONSTRAINT "fk_registration_photo_file" FOREIGN KEY ("photo_file_id") REFERENCES "stored_file"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`ALTER TABLE "delegation" ADD "credentials_file_id" uuid`);
    await queryRunner.query(
      `CREATE INDEX "ix_delegation_credentials_file" ON "delegation" ("credentials_file_id") WHERE "credentials_file_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "delegation" ADD CONSTRAINT "fk_delegation_credentials_file" FOREIGN KEY ("credentials_file_id") REFERENCES "stored_file"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "delegation" DROP CONSTRAINT "fk_delegation_credentials_file"`);
    await queryRunner.query(`DROP INDEX "public"."ix_delegation_credentials_file"`);
    await queryRunner.query(`ALTER TABLE "delegation" DROP COLUMN "credentials_file_id"`);
    await queryRunner.query(`ALTER TABLE "registration" DROP CONSTRAINT "fk_registration_photo_file"`);
    await queryRunner.query(`DROP INDEX "public"."ix_registration_photo_file"`);
    await queryRunner.query(`ALTER TABLE "registration" DROP COLUMN "photo_file_id"`);
    await queryRunner.query(`ALTER TABLE "stored_file" DROP CONSTRAINT "fk_stored_file_event"`);
    await queryRunner.query(`DROP INDEX "public"."ix_stored_file_event"`);
    await queryRunner.query(`DROP TABLE "stored_file"`);
  }
}
