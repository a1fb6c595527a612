import { type TimestampedTable, olderRowsBatch } from './prune-table';
import type { PruneJob } from './retention-schedule';
import type { RetentionSettings } from './retention-settings';

/** Every service's inbox: which messages it handled, for deduplicating redeliveries. */
export function inboxTable(schema: string): TimestampedTable {
  return { schema, table: 'inbox', timestampColumn: 'processed_at' };
}

/** A participant's command ledger (`processed_commands`): the reply each command got. */
export function ledgerTable(schema: string): TimestampedTable {
  return { schema, table: 'processed_commands', timestampColumn: 'recorded_at' };
}

/** The inbox's pruning, and the ledger's for a participant. */
export function messagingPruneJobs(
  schema: string,
  withLedger: boolean,
  settings: Pick<RetentionSettings, 'inboxRetentionMs'>,
): PruneJob[] {
  const tables = withLedger ? [inboxTable(schema), ledgerTable(schema)] : [inboxTable(schema)];
  return tables.map((table) => ({
    name: `${table.schema}.${table.table}`,
    retentionMs: settings.inboxRetentionMs,
    batch: (olderThan: Date) => olderRowsBatch(table, olderThan),
  }));
}
