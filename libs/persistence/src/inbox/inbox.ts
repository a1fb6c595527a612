import type { DataSource, EntityManager } from 'typeorm';
import { qualifiedTable, rowsOf } from '../sql';

/**
 * Records that `consumer` processed `messageId`; true the first time, false for a duplicate.
 * Call it in the transaction of the message's effect, so both commit or neither does. A
 * concurrent duplicate waits on the first one's row lock and then sees the committed row.
 */
export async function recordInbox(
  manager: EntityManager,
  schema: string,
  consumer: string,
  messageId: string,
): Promise<boolean> {
  const result = await manager.query(
    `INSERT INTO ${qualifiedTable(schema, 'inbox')} ("consumer", "message_id") VALUES ($1, $2)
     ON CONFLICT DO NOTHING RETURNING 1`,
    [consumer, messageId],
  );
  return rowsOf(result).length === 1;
}

export interface InboxOutcome<T> {
  duplicate: boolean;
  /** What `work` returned; absent for a duplicate, whose work did not run. */
  result?: T;
}

/** Runs `work` in one transaction with the inbox record, unless the message was processed before. */
export function withInbox<T>(
  dataSource: DataSource,
  schema: string,
  consumer: string,
  messageId: string,
  work: (manager: EntityManager) => Promise<T>,
): Promise<InboxOutcome<T>> {
  return dataSource.transaction(async (manager) => {
    if (!(await recordInbox(manager, schema, consumer, messageId))) return { duplicate: true };
    return { duplicate: false, result: await work(manager) };
  });
}
