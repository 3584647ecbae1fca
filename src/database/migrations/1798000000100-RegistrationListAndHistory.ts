import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16, the organisers' registration list: a trigram index for the search (names, email and
 * organisation as one expression, the one `registrationSearchText` in registration-list.ts builds), btree
 * indexes for its filters and sorts within an event, and the history of every registration's status.
 */
export class RegistrationListAndHistory1798000000100 implements MigrationInterface {
  name = 'RegistrationListAndHistory1798000000100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(
      `CREATE INDEX "ix_registration_search" ON "registration" USING gin ` +
        `(("given_name" || ' ' || "family_name" || E'\\n' || "email" || E'\\n' || coalesce("organisation", '')) gin_trgm_ops)`,
    );
    await queryRunner.query(`CREATE INDEX "ix_registration_event_created" ON "registration" ("event_id", "created_at", "id")`);
    await queryRunner.query(`CREATE INDEX "ix_registration_event_name" ON "registration" ("event_id", "family_name", "given_name", "id")`);
    await queryRunner.query(`CREATE INDEX "ix_registration_event_organisation" ON "registration" ("event_id", "organisation", "id")`);
    await queryRunner.query(`CREATE INDEX "ix_registration_event_category" ON "registration" ("event_id", "category")`);
    await queryRunner.query(
      `CREATE INDEX "ix_registration_event_checked_in" ON "registration" ("event_id") WHERE "checked_in_at" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "registration_status_change" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "registration_id" uuid NOT NULL, ` +
        `"from_status" character varying(20), "to_status" character varying(20) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), ` +
        `"actor_user_id" uuid, "reason" character varying(1000), CONSTRAINT "pk_registration_status_change" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_registration_status_change_registration" ON "registration_status_change" ("registration_id", "at")`,
    );
    await queryRunner.query(
      `ALTER TABLE "registration_status_change" ADD CONSTRAINT "fk_registration_status_change_registration" FOREIGN KEY ("registration_id") REFERENCES "registration"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "registration_status_change" ADD CONSTRAINT "fk_registration_status_change_actor" FOREIGN KEY ("actor_user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    // A registration's mails (MailLogService.forRecipient): the event's mails to one address.
    await queryRunner.query(`CREATE INDEX "ix_mail_message_event_to" ON "mail_message" ("event_id", "to_email")`);
    // The registrations made before: their current status, as of when they were made (the only step known).
    await queryRunner.query(
      `INSERT INTO "registration_status_change" ("registration_id", "from_status", "to_status", "at") SELECT "id", NULL, "status", "created_at" FROM "registration"`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "registration_status_change"`);
    await queryRunner.query(`DROP INDEX "ix_mail_message_event_to"`);
    for (const index of ['search', 'event_created', 'event_name', 'event_organisation', 'event_category', 'event_checked_in'])
      await queryRunner.query(`DROP INDEX "ix_registration_${index}"`);
  }
}
