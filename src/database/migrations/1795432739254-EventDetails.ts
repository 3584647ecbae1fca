import { MigrationInterface, QueryRunner } from 'typeorm';

export class EventDetails1795432739254 implements MigrationInterface {
  name = 'EventDetails1795432739254';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "event" ADD "description" text`);
    await queryRunner.query(`ALTER TABLE "event" ADD "start_date" date NOT NULL`);
    await queryRunner.query(`ALTER TABLE "event" ADD "end_date" date NOT NULL`);
    await queryRunner.query(`ALTER TABLE "event" ADD "timezone" character varying(64) NOT NULL`);
    await queryRunner.query(`ALTER TABLE "event" ADD "venue" character varying(300)`);
    await queryRunner.query(`ALTER TABLE "event" ADD "city" character varying(120)`);
    await queryRunner.query(`ALTER TABLE "event" ADD "country_code" character(2)`);
    await queryRunner.query(`ALTER TABLE "event" ADD "capacity" integer`);
    await queryRunner.query(`ALTER TABLE "event" ADD "registration_opens_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "event" ADD "registration_closes_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "event" ADD "approval_required" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "event" ADD "invite_only" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(
      `ALTER TABLE "event" ADD CONSTRAINT "ck_event_registration_window" CHECK ("registration_closes_at" IS NULL OR "registration_opens_at" IS NULL OR "registration_closes_at" > "registration_opens_at")`,
    );
    await queryRunner.query(`ALTER TABLE "event" ADD CONSTRAINT "ck_event_capacity" CHECK ("capacity" IS NULL OR "capacity" >= 0)`);
    await queryRunner.query(`ALTER TABLE "event" ADD CONSTRAINT "ck_event_dates" CHECK ("end_date" >= "start_date")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "event" DROP CONSTRAINT "ck_event_dates"`);
    await queryRunner.query(`ALTER TABLE "event" DROP CONSTRAINT "ck_event_capacity"`);
    await queryRunner.query(`ALTER TABLE "event" DROP CONSTRAINT "ck_event_registration_window"`);
    await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "invite_only"`);
    await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "approval_required"`);
    await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "registration_closes_at"`);
    await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "registration_opens_at"`);
    await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "capacity"`);
    await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "country_code"`);
    await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "city"`);
    await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "venue"`);
    await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "timezone"`);
    await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "end_date"`);
    await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "start_date"`);
    await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "description"`);
  }
}
