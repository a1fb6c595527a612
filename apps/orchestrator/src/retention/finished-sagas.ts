import { type PruneBatch, type PruneJob, deletedCount, qualifiedTable } from '@app/persistence';
import type { TerminalSagaStatus } from '@app/saga-core';

/**
 * Sagas that ended and need nothing more. FAILED sagas (a compensation that could not finish)
 * are kept until an operator has dealt with them: they are the evidence.
 */
export const PRUNED_STATUSES: readonly TerminalSagaStatus[] = ['COMPLETED', 'COMPENSATED'];

/**
 * One batch of sagas finished before `olderThan`, with their timeline (no foreign key) and their
 * steps (deleted by the cascade), in one statement. Sagas another transaction holds are skipped.
 */
export function finishedSagasBatch(schema: string, olderThan: Date): PruneBatch {
  const instances = qualifiedTable(schema, 'saga_instance');
  const text = `WITH doomed AS (
      SELECT "id" FROM ${instances} WHERE "status" = ANY($3::text[]) AND "updated_at" < $1
      ORDER BY "updated_at" LIMIT $2 FOR UPDATE SKIP LOCKED
    ), timeline AS (
      DELETE FROM ${qualifiedTable(schema, 'saga_timeline')} WHERE "saga_id" IN (SELECT "id" FROM doomed)
    )
    DELETE FROM ${instances} WHERE "id" IN (SELECT "id" FROM doomed) RETURNING 1`;
  return async (db, limit) => deletedCount(await db.query(text, [olderThan, limit, PRUNED_STATUSES]));
}

export function finishedSagasJob(schema: string, retentionMs: number): PruneJob {
  return {
    name: `${schema}.saga_instance (finished)`,
    retentionMs,
    batch: (olderThan) => finishedSagasBatch(schema, olderThan),
  };
}
