import type { SqlRunner } from './sql-runner';

/**
 * Every service's first migration: its schema, the inbox (messages it consumed, keyed by consumer
 * and message id, so a redelivery is skipped) and the outbox (messages committed with a state
 * change and not yet published; `seq` gives the publish order, `id` becomes `Nats-Msg-Id`).
 * History: a later change to these tables is a new migration, never an edit here.
 */
export async function createMessagingTables(db: SqlRunner, schema: string): Promise<void> {
  await db.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await db.query(`
    CREATE TABLE "${schema}"."inbox" (
      "consumer" text NOT NULL,
      "message_id" text NOT NULL,
      "processed_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("consumer", "message_id")
    )`);
  await db.query(`
    CREATE TABLE "${schema}"."outbox" (
      "id" uuid PRIMARY KEY,
      "seq" bigserial NOT NULL,
      "subject" text NOT NULL,
      "headers" jsonb NOT NULL DEFAULT '{}'::jsonb,
      "payload" jsonb NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX "outbox_seq" ON "${schema}"."outbox" ("seq")`);
}

/** Leaves the schema: TypeORM's `migrations` table lives in it. */
export async function dropMessagingTables(db: SqlRunner, schema: string): Promise<void> {
  await db.query(`DROP TABLE "${schema}"."outbox"`);
  await db.query(`DROP TABLE "${schema}"."inbox"`);
}
