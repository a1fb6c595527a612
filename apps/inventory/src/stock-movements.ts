import type { EntityManager } from 'typeorm';
import {
  type TransactionOpening,
  inlineStatements,
  literalText,
  qualifiedTable,
  transactionSlot,
  writeAtCommit,
} from '@app/persistence';
import type { ReservedItem } from './reservation.entity';
import type { StockLevel } from './reservation-plan';
import { StockItem } from './stock-item.entity';

/** The stock rows the transaction's BEGIN locked (`stockLockOpening`). */
const lockedStock = transactionSlot<LockedStock>('stock rows locked with the BEGIN');

interface LockedStock {
  skus: string;
  levels: StockLevel[];
}

const lockStatement = (table: string) =>
  `SELECT sku, available FROM ${table} WHERE sku = ANY($1::text[]) ORDER BY sku COLLATE "C" FOR UPDATE`;

/**
 * Locks the skus' stock rows with the transaction's BEGIN, after the order's ledger lock as
 * `lockStock` would take them, so a reservation needs no round trip of its own for it.
 */
export function stockLockOpening(skus: readonly string[]): TransactionOpening {
  return {
    statements: (schema) =>
      inlineStatements([lockStatement(qualifiedTable(schema, 'stock'))], [literalText(skus)]),
    opened: (manager, [rows]) => {
      lockedStock.set(manager, { skus: skuSetKey(skus), levels: levelsOf(rows as StockRow[]) });
    },
  };
}

/**
 * Locks the stock rows of the given skus for the rest of the transaction, always in the same
 * (byte-wise sku) order, so concurrent reservations and releases queue instead of deadlocking.
 * No round trip when the transaction's BEGIN locked them (`stockLockOpening`).
 */
export async function lockStock(manager: EntityManager, skus: readonly string[]): Promise<StockLevel[]> {
  if (skus.length === 0) return [];
  const locked = lockedStock.get(manager);
  if (locked?.skus === skuSetKey(skus)) return locked.levels;
  const rows: StockRow[] = await manager.query(lockStatement(stockTable(manager)), [skus]);
  return levelsOf(rows);
}

interface StockRow {
  sku: string;
  available: string;
}

function levelsOf(rows: StockRow[]): StockLevel[] {
  return rows.map((row) => ({ sku: row.sku, available: Number(row.available) }));
}

function skuSetKey(skus: readonly string[]): string {
  return [...new Set(skus)].sort().join('\n');
}

/**
 * Moves units between `available` and `reserved` (positive = hold, negative = give back) in
 * one statement, sent with the COMMIT. Callers lock the rows first; the table's CHECK
 * constraints are the last line against a negative count.
 */
export async function shiftToReserved(
  manager: EntityManager,
  items: readonly ReservedItem[],
  direction: 1 | -1,
): Promise<void> {
  if (items.length === 0) return;
  await writeAtCommit(
    manager,
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
