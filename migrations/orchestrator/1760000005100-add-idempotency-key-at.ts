import type { MigrationInterface, QueryRunner } from 'typeorm';

const SCHEMA = 'orchestrator';

/**
 * When each saga's Idempotency-Key was first used (the start request's time): past the key's
 * lifetime a start with the same key begins a new saga. The unique (type, key) constraint stays;
 * an expired key is released from the old saga before the new one takes it.
 */
export class AddIdempotencyKeyAt1760000005100 implements MigrationInterface {
  name = 'AddIdempotencyKeyAt1760000005100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "${SCHEMA}"."saga_instance" ADD COLUMN "idempotency_key_at" timestamptz`,
    );
    await queryRunner.query(
      `UPDATE "${SCHEMA}"."saga_instance" SET "idempotency_key_at" = "created_at" WHERE "idempotency_key" IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "${SCHEMA}"."saga_instance" DROP COLUMN "idempotency_key_at"`);
  }
}
