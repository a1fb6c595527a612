import {
  createProcessedCommandsTable as createAsFirstMigrated,
  dropProcessedCommandsTable,
  keyProcessedCommandsByBusinessKey,
} from '../../../migrations/history/processed-commands-table';
import type { SqlRunner } from '../../../migrations/history/sql-runner';

/** The command ledger's table as the participants' migrations leave it, for tests that set it up alone. */
export async function createProcessedCommandsTable(db: SqlRunner, schema: string): Promise<void> {
  await createAsFirstMigrated(db, schema);
  await keyProcessedCommandsByBusinessKey(db, schema);
}

export { dropProcessedCommandsTable };
