import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16: accounts can be disabled (`disabled_at`), can exist without a usable password (`password_hash`
 * NULL: a team member invited by email who has not set one yet), and get one-time links to set a password
 * (`account_token`: a password reset or a team invitation, only the SHA-256 of the token stored). Mail about
 * an account rather than an event (a password reset) has no event, so `mail_message.event_id` may be NULL.
 */
export class AccountsAndTeam1798000000200 implements MigrationInterface {
  name = 'AccountsAndTeam1798000000200';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "app_user" ADD "disabled_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "app_user" ALTER COLUMN "password_hash" DROP NOT NULL`);
    await queryRunner.query(
      `CREATE TABLE "account_token" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "purpose" character varying(20) NOT NULL, "token_hash" character(64) NOT NULL, "event_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_account_token_token_hash" UNIQUE ("token_hash"), CONSTRAINT "ck_account_token_purpose" CHECK ("purpose" IN ('password_reset', 'team_invitation')), CONSTRAINT "pk_account_token" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_account_token_user" ON "account_token" ("user_id") `);
    await queryRunner.query(
      `ALTER TABLE "account_token" ADD CONSTRAINT "fk_account_token_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "account_token" ADD CONSTRAINT "fk_account_token_event" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`ALTER TABLE "mail_message" ALTER COLUMN "event_id" DROP NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "mail_message" WHERE "event_id" IS NULL`);
    await queryRunner.query(`ALTER TABLE "mail_message" ALTER COLUMN "event_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "account_token" DROP CONSTRAINT "fk_account_token_event"`);
    await queryRunner.query(`ALTER TABLE "account_token" DROP CONSTRAINT "fk_account_token_user"`);
    await queryRunner.query(`DROP INDEX "public"."ix_account_token_user"`);
    await queryRunner.query(`DROP TABLE "account_token"`);
    await queryRunner.query(`UPDATE "app_user" SET "password_hash" = '!' WHERE "password_hash" IS NULL`);
    await queryRunner.query(`ALTER TABLE "app_user" ALTER COLUMN "password_hash" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "app_user" DROP COLUMN "disabled_at"`);
  }
}
