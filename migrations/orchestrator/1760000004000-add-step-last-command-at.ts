import type { MigrationInterface, QueryRunner } from 'typeorm';

const SCHEMA = 'orchestrator';

/**
 * When each step's awaited command was sent: a command that has not reached its participant
 * yet waits for delivery, and the step's queue-wait limit counts from this moment.
 */
export class AddStepLastCommandAt1760000004000 implements MigrationInterface {
  name = 'AddStepLastCommandAt1760000004000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "${SCHEMA}"."saga_step" ADD COLUMN "last_command_at" timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "${SCHEMA}"."saga_step" DROP COLUMN "last_command_at"`);
  }
}
