import { Queryable, qualifiedTable, rowsOf } from '../sql';

/** Messages committed but not yet published: the relay's backlog, for a gauge. */
export async function pendingOutboxCount(queryable: Queryable, schema: string): Promise<number> {
  const result = await queryable.query(
    `SELECT count(*)::int AS "count" FROM ${qualifiedTable(schema, 'outbox')}`,
  );
  return rowsOf<{ count: number }>(result)[0].count;
}
