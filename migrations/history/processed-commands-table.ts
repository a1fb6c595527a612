import type { SqlRunner } from './sql-runner';

/**
 * A participant's command ledger (`processed_commands`): the reply each (order, action) got, or a
 * tombstone. Part of each participant's first domain migration; history, never edited.
 */
export async function createProcessedCommandsTable(db: SqlRunner, schema: string): Promise<void> {
  await db.query(`
    CREATE TABLE "${schema}"."processed_commands" (
      "order_id" uuid NOT NULL,
      "action" text NOT NULL,
      "state" text NOT NULL CHECK ("state" IN ('DONE', 'TOMBSTONE')),
      "reply" jsonb,
      "recorded_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("order_id", "action")
    )`);
}

export async function dropProcessedCommandsTable(db: SqlRunner, schema: string): Promise<void> {
  await db.query(`DROP TABLE "${schema}"."processed_commands"`);
}
