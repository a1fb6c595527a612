import type { PoolClient, QueryResult } from 'pg';
import type { EntityManager } from 'typeorm';

/** A value inlined into a statement batch: text (cast in the statement where needed) or NULL. */
export type SqlValue = string | null;

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
  values: SqlValue[],
): Promise<Row[][]> {
  const queryRunner = manager.queryRunner;
  if (!queryRunner?.isTransactionActive) {
    throw new Error('a statement batch runs inside a transaction of an EntityManager');
  }
  const client = (await queryRunner.connect()) as PoolClient;
  return sendStatements<Row>(client, inlineStatements(statements, values));
}

/** Sends `statements` (values inlined already) as one simple query; each one's rows, in order. */
export async function sendStatements<Row>(client: PoolClient, statements: string[]): Promise<Row[][]> {
  const results = (await client.query(statements.join(';\n'))) as unknown as QueryResult | QueryResult[];
  return (Array.isArray(results) ? results : [results]).map((result) => result.rows as Row[]);
}

/** `statements` with each `$n` replaced by `values[n - 1]` as an escaped literal (or NULL). */
export function inlineStatements(statements: string[], values: SqlValue[]): string[] {
  return statements.map((statement) =>
    statement.replace(/\$(\d+)/g, (_, index: string) => {
      const value = values[Number(index) - 1];
      if (value === undefined) throw new Error(`statement batch has no value for $${index}`);
      return value === null ? 'NULL' : quoteLiteral(value);
    }),
  );
}

/**
 * `value` as a string constant, exactly as pg's `escapeLiteral` writes it (quotes doubled; with a
 * backslash, an E'' constant with backslashes doubled) but with native string replaces instead of
 * its character-by-character loop, which cost tens of microseconds per command on the outbox's JSON.
 */
export function quoteLiteral(value: string): string {
  const quoted = `'${value.replace(/'/g, "''")}'`;
  return value.includes('\\') ? ` E${quoted.replace(/\\/g, '\\\\')}` : quoted;
}

/**
 * A driver-ready parameter as the text PostgreSQL would parse for it, for statements sent with
 * their values inlined as untyped literals that the column's type then reads.
 */
export function literalText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return arrayLiteral(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** `{"a","b"}`: what node-postgres sends for a JS array, for `$1::text[]` and its kin. */
function arrayLiteral(values: readonly unknown[]): string {
  const elements = values.map((element) => {
    const text = literalText(element);
    return text === null ? 'NULL' : `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  });
  return `{${elements.join(',')}}`;
}
