import type { Pool, PoolClient } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';

/** One SQL statement; `name` lets a pg connection prepare it once and skip planning afterwards. */
export interface SqlStatement {
  name?: string;
  text: string;
  values: unknown[];
}

/** Where the saga repository runs its SQL. */
export interface SagaSql {
  rows<T>(statement: SqlStatement): Promise<T[]>;
}

/**
 * Through a pg pool or client, with named (prepared) statements: the saga statements are long
 * CTEs whose planning costs more database CPU than running them.
 */
export function pgSql(db: Pool | PoolClient): SagaSql {
  return {
    rows: async <T>({ name, text, values }: SqlStatement) =>
      (await db.query({ ...(name ? { name } : {}), text, values })).rows as T[],
  };
}

/** Through TypeORM, e.g. inside a caller's transaction (`EntityManager`). */
export function typeormSql(db: DataSource | EntityManager): SagaSql {
  return { rows: async <T>({ text, values }: SqlStatement) => (await db.query(text, values)) as T[] };
}
