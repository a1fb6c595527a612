import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  createProcessedCommandsTable,
  dropProcessedCommandsTable,
} from '../history/processed-commands-table';

const SCHEMA = 'orders';

/** Orders and the order service's per-(order, action) command memory. */
export class CreateOrderTables1760000002000 implements MigrationInterface {
  name = 'CreateOrderTables1760000002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createProcessedCommandsTable(queryRunner, SCHEMA);
    await queryRunner.query(`
      CREATE TABLE "${SCHEMA}"."orders" (
        "id" uuid PRIMARY KEY,
        "status" text NOT NULL CHECK ("status" IN ('PENDING', 'APPROVED', 'CANCELLED')),
        "customer_id" text NOT NULL,
        "currency" text NOT NULL,
        "items" jsonb NOT NULL,
        "total_cents" bigint NOT NULL CHECK ("total_cents" >= 0),
        "shipping_address" jsonb NOT NULL,
        "cancel_reason" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "${SCHEMA}"."orders"`);
    await dropProcessedCommandsTable(queryRunner, SCHEMA);
  }
}
