import type { MigrationInterface, QueryRunner } from 'typeorm';

const SCHEMA = 'orchestrator';

/**
 * The W3C `traceparent` of the span that started each saga, so that the commands a deadline or
 * an operator causes (retries, timeouts, compensations) join the saga's trace like the rest.
 */
export class AddSagaTraceParent1760000003000 implements MigrationInterface {
  name = 'AddSagaTraceParent1760000003000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "${SCHEMA}"."saga_instance" ADD COLUMN "trace_parent" text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "${SCHEMA}"."saga_instance" DROP COLUMN "trace_parent"`);
  }
}
