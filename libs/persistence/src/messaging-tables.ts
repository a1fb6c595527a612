import { Queryable, qualifiedTable, quoteIdent } from './sql';

/**
 * Messages this service consumed, keyed by consumer and message id: a redelivered message finds
 * its row and is skipped, which makes every consumer idempotent.
 */
export function inboxTableSql(schema: string): string {
  return `
    CREATE TABLE ${qualifiedTable(schema, 'inbox')} (
      "consumer" text NOT NULL,
      "message_id" text NOT NULL,
      "processed_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("consumer", "message_id")
    )`;
}

/**
 * Messages committed with a state change and not yet published. The relay deletes a row once
 * JetStream has acknowledged it, so every row is unpublished: the table stays as small as the
 * backlog, the relay's `ORDER BY seq` scan stays cheap and no cleanup job is needed.
 * `seq` gives the publish order; `id` becomes `Nats-Msg-Id`.
 */
export function outboxTableSql(schema: string): string {
  const table = qualifiedTable(schema, 'outbox');
  return `
    CREATE TABLE ${table} (
      "id" uuid PRIMARY KEY,
      "seq" bigserial NOT NULL,
      "subject" text NOT NULL,
      "headers" jsonb NOT NULL DEFAULT '{}'::jsonb,
      "payload" jsonb NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX "outbox_seq" ON ${table} ("seq")`;
}

/** The body of every service's first migration. */
export async function createMessagingTables(db: Queryable, schema: string): Promise<void> {
  await db.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
  await db.query(inboxTableSql(schema));
  await db.query(outboxTableSql(schema));
}

/** Leaves the schema: TypeORM's `migrations` table lives in it. */
export async function dropMessagingTables(db: Queryable, schema: string): Promise<void> {
  await db.query(`DROP TABLE ${qualifiedTable(schema, 'outbox')}`);
  await db.query(`DROP TABLE ${qualifiedTable(schema, 'inbox')}`);
}
