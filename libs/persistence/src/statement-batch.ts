import { escapeLiteral, type PoolClient, type QueryResult } from 'pg';
import type { EntityManager } from 'typeorm';

/**
 * Runs several statements in one round trip on the connection of `manager`'s transaction and
 * returns each one's rows, in order. Under READ COMMITTED each statement still takes its own
 * snapshot, so a lookup placed after a lock sees what the lock's previous holder committed.
 * A batch takes no bind parameters: each `$n` is replaced by `values[n - 1]`, inlined as an
 * escaped literal, so callers write the statements as they would a parameterized query.
 */
export async function runStatementBatch<Row = Record<string, unknown>>(
  manager: EntityManager,
  statements: string[],
  values: string[],
): Promise<Row[][]> {
  const queryRunner = manager.queryRunner;
  if (!queryRunner?.isTransactionActive) {
    throw new Error('a statement batch runs inside a transaction of an EntityManager');
  }
  const client = (await queryRunner.connect()) as PoolClient;
  const sql = statements.map((statement) => inlineValues(statement, values)).join(';\n');
  const results = (await client.query(sql)) as unknown as QueryResult | QueryResult[];
  return (Array.isArray(results) ? results : [results]).map((result) => result.rows as Row[]);
}

function inlineValues(statement: string, values: string[]): string {
  return statement.replace(/\$(\d+)/g, (_, index: string) => {
    const value = values[Number(index) - 1];
    if (value === undefined) throw new Error(`statement batch has no value for $${index}`);
    return escapeLiteral(value);
  });
}
