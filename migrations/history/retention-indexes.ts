import type { SqlRunner } from './sql-runner';

/** A table retention prunes, and the timestamp column it prunes by. */
export interface PrunedTable {
  table: string;
  timestampColumn: string;
}

export const INBOX: PrunedTable = { table: 'inbox', timestampColumn: 'processed_at' };
export const COMMAND_LEDGER: PrunedTable = { table: 'processed_commands', timestampColumn: 'recorded_at' };

/** The indexes pruning finds old rows by, so each batch reads only what it deletes. */
export async function createRetentionIndexes(
  db: SqlRunner,
  schema: string,
  tables: PrunedTable[],
): Promise<void> {
  for (const { table, timestampColumn } of tables)
    await db.query(
      `CREATE INDEX "${table}_${timestampColumn}" ON "${schema}"."${table}" ("${timestampColumn}")`,
    );
}

export async function dropRetentionIndexes(
  db: SqlRunner,
  schema: string,
  tables: PrunedTable[],
): Promise<void> {
  for (const { table, timestampColumn } of tables)
    await db.query(`DROP INDEX "${schema}"."${table}_${timestampColumn}"`);
}
