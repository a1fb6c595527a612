import { type Queryable, rowsOf } from '../sql';

/** One batch of deletions: removes at most `limit` rows, returns how many it removed. */
export type PruneBatch = (db: Queryable, limit: number) => Promise<number>;

/**
 * Runs `batch` until a batch removes fewer than `batchSize` rows. Each batch is its own
 * statement (autocommit on a pool), so it holds its row locks for one short batch only, and
 * concurrent writers of newer rows never wait for the whole pruning.
 */
export async function pruneInBatches(db: Queryable, batch: PruneBatch, batchSize: number): Promise<number> {
  let removed = 0;
  for (;;) {
    const count = await batch(db, batchSize);
    removed += count;
    if (count < batchSize) return removed;
  }
}

/** Counts the rows of a `DELETE ... RETURNING 1`, whether the driver returns rows or `[rows, count]`. */
export function deletedCount(result: unknown): number {
  if (Array.isArray(result) && result.length === 2 && typeof result[1] === 'number') return result[1];
  return rowsOf(result).length;
}
