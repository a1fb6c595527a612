import type { MigrationInterface, QueryRunner } from 'typeorm';

const SCHEMA = 'orchestrator';

/** Saga instances, their per-step records and the append-only timeline (DESIGN "Saga model"). */
export class CreateSagaTables1760000001000 implements MigrationInterface {
  name = 'CreateSagaTables1760000001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "${SCHEMA}"."saga_instance" (
        "id" uuid PRIMARY KEY,
        "type" text NOT NULL,
        "version" integer NOT NULL,
        "status" text NOT NULL,
        "current_step" text,
        "data" jsonb NOT NULL,
        "idempotency_key" text,
        "order_id" uuid,
        "correlation_id" text NOT NULL,
        "next_deadline_at" timestamptz,
        "deadline_reason" text,
        "deadline_step" text,
        "row_version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "saga_instance_type_idempotency_key" UNIQUE ("type", "idempotency_key")
      )`);
    await queryRunner.query(
      `CREATE INDEX "saga_instance_order_id" ON "${SCHEMA}"."saga_instance" ("order_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "saga_instance_status_updated_at" ON "${SCHEMA}"."saga_instance" ("status", "updated_at")`,
    );
    await queryRunner.query(`
      CREATE INDEX "saga_instance_next_deadline_at" ON "${SCHEMA}"."saga_instance" ("next_deadline_at")
      WHERE "next_deadline_at" IS NOT NULL`);
    await queryRunner.query(
      `CREATE INDEX "saga_instance_keyset" ON "${SCHEMA}"."saga_instance" ("created_at" DESC, "id" DESC)`,
    );

    await queryRunner.query(`
      CREATE TABLE "${SCHEMA}"."saga_step" (
        "saga_id" uuid NOT NULL REFERENCES "${SCHEMA}"."saga_instance" ("id") ON DELETE CASCADE,
        "idx" integer NOT NULL,
        "name" text NOT NULL,
        "kind" text NOT NULL,
        "status" text NOT NULL,
        "attempts" integer NOT NULL DEFAULT 0,
        "compensation_attempts" integer NOT NULL DEFAULT 0,
        "started_at" timestamptz,
        "ended_at" timestamptz,
        "last_error" jsonb,
        "last_command_id" text,
        "compensation_input" jsonb,
        PRIMARY KEY ("saga_id", "idx")
      )`);

    // No foreign key on the timeline: it takes a few rows per saga event on the hot path, and
    // only the saga repository writes it, in the same statement as the saga row.
    await queryRunner.query(`
      CREATE TABLE "${SCHEMA}"."saga_timeline" (
        "id" bigserial PRIMARY KEY,
        "saga_id" uuid NOT NULL,
        "seq" integer NOT NULL,
        "at" timestamptz NOT NULL,
        "kind" text NOT NULL,
        "step" text,
        "detail" jsonb NOT NULL DEFAULT '{}'::jsonb,
        CONSTRAINT "saga_timeline_saga_seq" UNIQUE ("saga_id", "seq")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "${SCHEMA}"."saga_timeline"`);
    await queryRunner.query(`DROP TABLE "${SCHEMA}"."saga_step"`);
    await queryRunner.query(`DROP TABLE "${SCHEMA}"."saga_instance"`);
  }
}
