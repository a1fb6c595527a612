/** Anything that runs SQL: a pg `Client`/`Pool`, a TypeORM `DataSource`, `EntityManager` or `QueryRunner`. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** Quotes a PostgreSQL identifier (schema, table, channel), so any name is safe to interpolate. */
export function quoteIdent(name: string): string {
  if (name.length === 0) throw new Error('an SQL identifier must not be empty');
  return `"${name.replace(/"/g, '""')}"`;
}

export function qualifiedTable(schema: string, table: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(table)}`;
}

/** Rows of a query result, whether it came from pg (`{ rows }`) or from TypeORM (the rows array). */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
