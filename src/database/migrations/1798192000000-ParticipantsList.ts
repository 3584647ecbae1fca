import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18, the List of Participants: the section a delegation is listed in (existing country delegations as
 * Member States, organisations as other intergovernmental organisations, which the organiser may change),
 * whether a registrant agreed to be listed (nobody is, until they say so) and their precedence within the
 * delegation, and whether (and when) the organiser published the list, provisional or final.
 */
export class ParticipantsList1798192000000 implements MigrationInterface {
  name = 'ParticipantsList1798192000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "delegation" ADD "section" character varying(20)`);
    await queryRunner.query(`UPDATE "delegation" SET "section" = CASE WHEN "kind" = 'country' THEN 'member_state' ELSE 'igo' END`);
    await queryRunner.query(`ALTER TABLE "delegation" ALTER COLUMN "section" SET NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "delegation" ADD CONSTRAINT "ck_delegation_section" CHECK ("section" IN ('member_state', 'observer_state', 'un_entity', 'igo', 'civil_society'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "delegation" ADD CONSTRAINT "ck_delegation_section_kind" CHECK (("kind" = 'country') = ("section" IN ('member_state', 'observer_state')))`,
    );
    await queryRunner.query(`ALTER TABLE "registration" ADD "listed" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "registration" ADD "precedence" integer`);
    await queryRunner.query(`ALTER TABLE "event" ADD "participants_list" character varying(20) NOT NULL DEFAULT 'unpublished'`);
    await queryRunner.query(`ALTER TABLE "event" ADD "participants_list_published_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "event" ADD CONSTRAINT "ck_event_participants_list" CHECK ("participants_list" IN ('unpublished', 'provisional', 'final'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "event" DROP CONSTRAINT "ck_event_participants_list"`);
    await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "participants_list_published_at"`);
    await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "participants_list"`);
    await queryRunner.query(`ALTER TABLE "registration" DROP COLUMN "precedence"`);
    await queryRunner.query(`ALTER TABLE "registration" DROP COLUMN "listed"`);
    await queryRunner.query(`ALTER TABLE "delegation" DROP CONSTRAINT "ck_delegation_section_kind"`);
    await queryRunner.query(`ALTER TABLE "delegation" DROP CONSTRAINT "ck_delegation_section"`);
    await queryRunner.query(`ALTER TABLE "delegation" DROP COLUMN "section"`);
  }
}
