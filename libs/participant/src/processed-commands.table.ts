import type { QueryRunner } from 'typeorm';
import { qualifiedTable } from '@app/persistence';

/** DDL for `ProcessedCommand`, shared by each participant's first domain migration. */
export async function createProcessedCommandsTable(queryRunner: QueryRunner, schema: string): Promise<void> {
  await queryRunner.query(`
    CREATE TABLE ${qualifiedTable(schema, 'processed_commands')} (
      "order_id" uuid NOT NULL,
      "action" text NOT NULL,
      "state" text NOT NULL CHECK ("state" IN ('DONE', 'TOMBSTONE')),
      "reply" jsonb,
      "recorded_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("order_id", "action")
    )`);
}

export async function dropProcessedCommandsTable(queryRunner: QueryRunner, schema: string): Promise<void> {
  await queryRunner.query(`DROP TABLE ${qualifiedTable(schema, 'processed_commands')}`);
}
