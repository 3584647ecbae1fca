import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18: the focal points' portal and the secretariat's accreditation review (src/accreditation). Each
 * registration has an accreditation status and the reason it was returned; focal points sign in through
 * one-time links (portal_link) to sessions limited to their delegation (portal_session).
 */
export class AccreditationPortal1798194000000 implements MigrationInterface {
  name = 'AccreditationPortal1798194000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "registration" ADD "accreditation_status" character varying(20) NOT NULL DEFAULT 'none'`);
    await queryRunner.query(`ALTER TABLE "registration" ADD "accreditation_note" character varying(1000)`);
    await queryRunner.query(
      `ALTER TABLE "registration" ADD CONSTRAINT "ck_registration_accreditation_status" CHECK ("accreditation_status" IN ('none', 'nominated', 'submitted', 'accredited', 'returned'))`,
    );
    await queryRunner.query(
      `CREATE TABLE "portal_link" ("id" uuid NOT NULL, "delegation_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "email" character varying(320) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_portal_link_token_hash" UNIQUE ("token_hash"), CONSTRAINT "pk_portal_link" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_portal_link_delegation" ON "portal_link" ("delegation_id") `);
    await queryRunner.query(
      `ALTER TABLE "portal_link" ADD CONSTRAINT "fk_portal_link_delegation" FOREIGN KEY ("delegation_id") REFERENCES "delegation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TABLE "portal_session" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "delegation_id" uuid NOT NULL, "email" character varying(320) NOT NULL, "token_hash" character(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_portal_session_token_hash" UNIQUE ("token_hash"), CONSTRAINT "pk_portal_session" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_portal_session_delegation" ON "portal_session" ("delegation_id") `);
    await queryRunner.query(
      `ALTER TABLE "portal_session" ADD CONSTRAINT "fk_portal_session_delegation" FOREIGN KEY ("delegation_id") REFERENCES "delegation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "portal_session"`);
    await queryRunner.query(`DROP TABLE "portal_link"`);
    await queryRunner.query(`ALTER TABLE "registration" DROP CONSTRAINT "ck_registration_accreditation_status"`);
    await queryRunner.query(`ALTER TABLE "registration" DROP COLUMN "accreditation_note"`);
    await queryRunner.query(`ALTER TABLE "registration" DROP COLUMN "accreditation_status"`);
  }
}
