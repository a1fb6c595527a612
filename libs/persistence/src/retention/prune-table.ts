import { qualifiedTable, quoteIdent } from '../sql';
import { type PruneBatch, deletedCount } from './prune-batches';

/** A table whose rows are dropped once their timestamp is older than the retention. */
export interface TimestampedTable {
  schema: string;
  table: string;
  /** Set when the row is written and never changed, e.g. `processed_at`. */
  timestampColumn: string;
}

/**
 * One batch of `table`'s rows older than `olderThan`: located by `ctid` in a sub-select with a
 * LIMIT (PostgreSQL's DELETE has no LIMIT of its own), skipping rows another transaction holds.
 */
export function olderRowsBatch(table: TimestampedTable, olderThan: Date): PruneBatch {
  const name = qualifiedTable(table.schema, table.table);
  const column = quoteIdent(table.timestampColumn);
  const text = `DELETE FROM ${name} WHERE ctid = ANY(ARRAY(
      SELECT ctid FROM ${name} WHERE ${column} < $1 LIMIT $2 FOR UPDATE SKIP LOCKED))
    RETURNING 1`;
  return async (db, limit) => deletedCount(await db.query(text, [olderThan, limit]));
}
