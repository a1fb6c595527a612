import type { EntityManager } from 'typeorm';
import { writeAtCommit } from '../batched-transaction';
import { qualifiedTable } from '../sql';
import { OutboxRecord, outboxChannel } from './outbox-record';

/**
 * Adds `records` to the outbox in the caller's transaction with one statement: one INSERT of
 * all rows and (unless `notify` is false, for rows the caller publishes itself after the
 * commit, see OutboxFastPath) a NOTIFY that wakes the relay at commit and drops with a
 * rollback. Inside `runBatchedTransaction` it travels with the COMMIT.
 */
export async function enqueueOutbox(
  manager: EntityManager,
  schema: string,
  records: OutboxRecord[],
  { notify = true }: { notify?: boolean } = {},
): Promise<void> {
  if (records.length === 0) return;
  const rows = records.map((_, index) => {
    const at = 1 + index * 4;
    return `($${at}::uuid, $${at + 1}, $${at + 2}::jsonb, $${at + 3}::jsonb)`;
  });
  const values = records.flatMap((record) => [
    record.id,
    record.subject,
    JSON.stringify(record.headers),
    JSON.stringify(record.payload ?? null),
  ]);
  const insert = `INSERT INTO ${qualifiedTable(schema, 'outbox')} ("id", "subject", "headers", "payload")
     VALUES ${rows.join(', ')}`;
  if (!notify) return writeAtCommit(manager, insert, values);
  await writeAtCommit(manager, `WITH inserted AS (${insert}) SELECT pg_notify($${values.length + 1}, '')`, [
    ...values,
    outboxChannel(schema),
  ]);
}
