import type { DataSource, EntityManager } from 'typeorm';
import { runBatchedTransaction } from '../batched-transaction';
import { inlineStatements } from '../statement-batch';
import { qualifiedTable, rowsOf } from '../sql';

const insertInbox = (schema: string) =>
  `INSERT INTO ${qualifiedTable(schema, 'inbox')} ("consumer", "message_id") VALUES ($1, $2)
   ON CONFLICT DO NOTHING RETURNING 1`;

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
  const result = await manager.query(insertInbox(schema), [consumer, messageId]);
  return rowsOf(result).length === 1;
}

/**
 * The inbox record as a statement to open a batched transaction (or a unit of a grouped one) with,
 * values inlined: it returns one row the first time, none for a message processed before.
 */
export function inboxOpening(schema: string, consumer: string, messageId: string): string[] {
  return inlineStatements([insertInbox(schema)], [consumer, messageId]);
}

export interface InboxOutcome<T> {
  duplicate: boolean;
  /** What `work` returned; absent for a duplicate, whose work did not run. */
  result?: T;
}

/**
 * Runs `work` in one transaction with the inbox record, unless the message was processed before.
 * The inbox record travels with the BEGIN (see `runBatchedTransaction`), and so do `alsoOpening`
 * (statements with their values inlined), whose rows `work` gets.
 */
export function withInbox<T, Row = Record<string, unknown>>(
  dataSource: DataSource,
  schema: string,
  consumer: string,
  messageId: string,
  work: (manager: EntityManager, alsoOpened: Row[][]) => Promise<T>,
  alsoOpening: string[] = [],
): Promise<InboxOutcome<T>> {
  return runBatchedTransaction<InboxOutcome<T>, Row>(
    dataSource,
    [...inboxOpening(schema, consumer, messageId), ...alsoOpening],
    async (manager, [recorded, ...alsoOpened]) => {
      if (recorded.length === 0) return { duplicate: true };
      return { duplicate: false, result: await work(manager, alsoOpened) };
    },
  );
}
