import { type PruneBatch, deletedCount, qualifiedTable } from '@app/persistence';

/**
 * One batch of sagas in `statuses` last changed before `olderThan`, with their timeline (no
 * foreign key) and their steps (deleted by the cascade), in one statement. Sagas another
 * transaction holds are skipped.
 */
export function finishedSagasBatch(schema: string, olderThan: Date, statuses: readonly string[]): PruneBatch {
  const instances = qualifiedTable(schema, 'saga_instance');
  const text = `WITH doomed AS (
      SELECT "id" FROM ${instances} WHERE "status" = ANY($3::text[]) AND "updated_at" < $1
      ORDER BY "updated_at" LIMIT $2 FOR UPDATE SKIP LOCKED
    ), timeline AS (
      DELETE FROM ${qualifiedTable(schema, 'saga_timeline')} WHERE "saga_id" IN (SELECT "id" FROM doomed)
    )
    DELETE FROM ${instances} WHERE "id" IN (SELECT "id" FROM doomed) RETURNING 1`;
  return async (db, limit) => deletedCount(await db.query(text, [olderThan, limit, statuses]));
}
