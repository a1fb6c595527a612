import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  createProcessedCommandsTable,
  dropProcessedCommandsTable,
} from '../history/processed-commands-table';

const SCHEMA = 'payments';

/** Payments, the processing-error counts of the simulated processor, and the command memory. */
export class CreatePaymentTables1760000002000 implements MigrationInterface {
  name = 'CreatePaymentTables1760000002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createProcessedCommandsTable(queryRunner, SCHEMA);
    await queryRunner.query(`
      CREATE TABLE "${SCHEMA}"."payments" (
        "id" uuid PRIMARY KEY,
        "order_id" uuid NOT NULL UNIQUE,
        "status" text NOT NULL CHECK ("status" IN ('AUTHORIZED', 'CAPTURED', 'VOIDED', 'DECLINED')),
        "amount_cents" bigint NOT NULL CHECK ("amount_cents" >= 0),
        "currency" text NOT NULL,
        "authorization_code" text,
        "decline_code" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE "${SCHEMA}"."processing_errors" (
        "order_id" uuid PRIMARY KEY,
        "count" integer NOT NULL CHECK ("count" >= 0)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "${SCHEMA}"."processing_errors"`);
    await queryRunner.query(`DROP TABLE "${SCHEMA}"."payments"`);
    await dropProcessedCommandsTable(queryRunner, SCHEMA);
  }
}
