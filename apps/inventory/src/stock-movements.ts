import type { EntityManager } from 'typeorm';
import { qualifiedTable } from '@app/persistence';
import type { ReservedItem } from './reservation.entity';
import type { StockLevel } from './reservation-plan';
import { StockItem } from './stock-item.entity';

/**
 * Locks the stock rows of the given skus for the rest of the transaction, always in the same
 * (byte-wise sku) order, so concurrent reservations and releases queue instead of deadlocking.
 */
export async function lockStock(manager: EntityManager, skus: readonly string[]): Promise<StockLevel[]> {
  if (skus.length === 0) return [];
  const rows: { sku: string; available: string }[] = await manager.query(
    `SELECT sku, available FROM ${stockTable(manager)}
      WHERE sku = ANY($1::text[]) ORDER BY sku COLLATE "C" FOR UPDATE`,
    [skus],
  );
  return rows.map((row) => ({ sku: row.sku, available: Number(row.available) }));
}

/**
 * Moves units between `available` and `reserved` (positive = hold, negative = give back) in
 * one statement. Callers lock the rows first; the table's CHECK constraints are the last line
 * against a negative count.
 */
export async function shiftToReserved(
  manager: EntityManager,
  items: readonly ReservedItem[],
  direction: 1 | -1,
): Promise<void> {
  if (items.length === 0) return;
  await manager.query(
    `UPDATE ${stockTable(manager)} AS s
        SET available = s.available - $3 * w.quantity,
            reserved = s.reserved + $3 * w.quantity,
            updated_at = now()
       FROM unnest($1::text[], $2::int8[]) AS w(sku, quantity)
      WHERE s.sku = w.sku`,
    [items.map((item) => item.sku), items.map((item) => item.quantity), direction],
  );
}

function stockTable(manager: EntityManager): string {
  const metadata = manager.connection.getMetadata(StockItem);
  return qualifiedTable(metadata.schema ?? 'public', metadata.tableName);
}
