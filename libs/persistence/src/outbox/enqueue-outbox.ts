import type { EntityManager } from 'typeorm';
import { qualifiedTable } from '../sql';
import { OutboxRecord, outboxChannel } from './outbox-record';

/**
 * Adds `records` to the outbox in the caller's transaction, in one round trip: one INSERT of
 * all rows (as arrays, so the statement is the same for any count) and a NOTIFY that
 * PostgreSQL delivers at commit, and drops with a rollback.
 */
export async function enqueueOutbox(
  manager: EntityManager,
  schema: string,
  records: OutboxRecord[],
): Promise<void> {
  if (records.length === 0) return;
  await manager.query(
    `WITH inserted AS (
       INSERT INTO ${qualifiedTable(schema, 'outbox')} ("id", "subject", "headers", "payload")
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::jsonb[], $4::jsonb[])
     )
     SELECT pg_notify($5, '')`,
    [
      records.map((record) => record.id),
      records.map((record) => record.subject),
      records.map((record) => JSON.stringify(record.headers)),
      records.map((record) => JSON.stringify(record.payload ?? null)),
      outboxChannel(schema),
    ],
  );
}
