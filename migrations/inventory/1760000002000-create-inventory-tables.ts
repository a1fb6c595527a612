import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  createProcessedCommandsTable,
  dropProcessedCommandsTable,
} from '../history/processed-commands-table';

const SCHEMA = 'inventory';

/** Stock per sku, reservations per order, and the command memory. */
export class CreateInventoryTables1760000002000 implements MigrationInterface {
  name = 'CreateInventoryTables1760000002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createProcessedCommandsTable(queryRunner, SCHEMA);
    await queryRunner.query(`
      CREATE TABLE "${SCHEMA}"."stock" (
        "sku" text PRIMARY KEY,
        "available" bigint NOT NULL CHECK ("available" >= 0),
        "reserved" bigint NOT NULL CHECK ("reserved" >= 0),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE "${SCHEMA}"."reservations" (
        "id" uuid PRIMARY KEY,
        "order_id" uuid NOT NULL UNIQUE,
        "status" text NOT NULL CHECK ("status" IN ('RESERVED', 'RELEASED')),
        "items" jsonb NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "${SCHEMA}"."reservations"`);
    await queryRunner.query(`DROP TABLE "${SCHEMA}"."stock"`);
    await dropProcessedCommandsTable(queryRunner, SCHEMA);
  }
}
