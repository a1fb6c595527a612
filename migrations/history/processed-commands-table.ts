import type { SqlRunner } from './sql-runner';

/**
 * A participant's command ledger (`processed_commands`): the reply each (order, action) got, or a
 * tombstone. Part of each participant's first domain migration; history, never edited (the key
 * became the business key later: `keyProcessedCommandsByBusinessKey`).
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

/**
 * The ledger keyed by the sending saga's business key rather than the order id: the column is
 * renamed and becomes text (a saga's key need not be a uuid), so the rows kept, all of
 * order-fulfillment sagas, stay under their order id, which is that saga's business key. The
 * primary key (business key, action) follows the rename.
 */
export async function keyProcessedCommandsByBusinessKey(db: SqlRunner, schema: string): Promise<void> {
  await db.query(`ALTER TABLE "${schema}"."processed_commands" RENAME COLUMN "order_id" TO "business_key"`);
  await db.query(
    `ALTER TABLE "${schema}"."processed_commands" ALTER COLUMN "business_key" TYPE text USING "business_key"::text`,
  );
}

/**
 * Back to the order id. Rows whose key is no uuid cannot be kept under one: the cast fails and
 * the migration stops rather than dropping them.
 */
export async function keyProcessedCommandsByOrderId(db: SqlRunner, schema: string): Promise<void> {
  await db.query(
    `ALTER TABLE "${schema}"."processed_commands" ALTER COLUMN "business_key" TYPE uuid USING "business_key"::uuid`,
  );
  await db.query(`ALTER TABLE "${schema}"."processed_commands" RENAME COLUMN "business_key" TO "order_id"`);
}
