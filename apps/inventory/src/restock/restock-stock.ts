import type { EntityManager } from 'typeorm';
import { qualifiedTable, writeAtCommit } from '@app/persistence';
import type { ReservedItem } from '../reservation.entity';
import { StockItem } from '../stock-item.entity';

/**
 * Adds returned units to `available`, sent with the COMMIT: to the rows of `existing` (locked
 * by the caller), and as new rows for `missing`. A missing row could not be locked, so another
 * transaction (an operator setting that sku) may create it meanwhile: the insert then adds to it.
 */
export async function addToAvailable(
  manager: EntityManager,
  { existing, missing }: { existing: readonly ReservedItem[]; missing: readonly ReservedItem[] },
): Promise<void> {
  const stock = stockTable(manager);
  if (existing.length > 0) {
    await writeAtCommit(
      manager,
      `UPDATE ${stock} AS s
          SET available = s.available + w.quantity, updated_at = now()
         FROM unnest($1::text[], $2::int8[]) AS w(sku, quantity)
        WHERE s.sku = w.sku`,
      columnsOf(existing),
    );
  }
  if (missing.length > 0) {
    await writeAtCommit(
      manager,
      `INSERT INTO ${stock} AS s (sku, available, reserved)
       SELECT w.sku, w.quantity, 0 FROM unnest($1::text[], $2::int8[]) AS w(sku, quantity)
       ON CONFLICT (sku) DO UPDATE SET available = s.available + EXCLUDED.available, updated_at = now()`,
      columnsOf(missing),
    );
  }
}

function columnsOf(items: readonly ReservedItem[]): [string[], number[]] {
  return [items.map((item) => item.sku), items.map((item) => item.quantity)];
}

function stockTable(manager: EntityManager): string {
  const metadata = manager.connection.getMetadata(StockItem);
  return qualifiedTable(metadata.schema ?? 'public', metadata.tableName);
}
