import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  createProcessedCommandsTable,
  dropProcessedCommandsTable,
} from '../history/processed-commands-table';

const SCHEMA = 'shipping';

/** Shipments per order and the command memory. */
export class CreateShippingTables1760000002000 implements MigrationInterface {
  name = 'CreateShippingTables1760000002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createProcessedCommandsTable(queryRunner, SCHEMA);
    await queryRunner.query(`
      CREATE TABLE "${SCHEMA}"."shipments" (
        "id" uuid PRIMARY KEY,
        "order_id" uuid NOT NULL UNIQUE,
        "status" text NOT NULL CHECK ("status" IN ('SCHEDULED')),
        "tracking_number" text NOT NULL UNIQUE,
        "country" text NOT NULL,
        "address" jsonb NOT NULL,
        "items" jsonb NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "${SCHEMA}"."shipments"`);
    await dropProcessedCommandsTable(queryRunner, SCHEMA);
  }
}
