import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16: the console's sign-in sessions, kept in PostgreSQL so that signing out and revocation hold
 * across instances. The cookie carries a random token; only its SHA-256 is stored.
 */
export class ConsoleSessions1798000000000 implements MigrationInterface {
  name = 'ConsoleSessions1798000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "console_session" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_console_session_token_hash" UNIQUE ("token_hash"), CONSTRAINT "pk_console_session" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_console_session_user" ON "console_session" ("user_id") `);
    await queryRunner.query(
      `ALTER TABLE "console_session" ADD CONSTRAINT "fk_console_session_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "console_session"`);
  }
}
