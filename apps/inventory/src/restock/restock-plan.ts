import type { ReservedItem } from '../reservation.entity';
import { type StockLevel, combineBySku } from '../reservation-plan';

export type RestockPlan =
  /** The return was restocked before: nothing is added again. */
  | { kind: 'restocked-before' }
  /**
   * Add `items` (one line per sku, in sku order) to `available`: `existing` to rows that are
   * there, `missing` as new rows holding just the returned units.
   */
  | { kind: 'restock'; items: ReservedItem[]; existing: ReservedItem[]; missing: ReservedItem[] };

/**
 * Decides what a return puts back from the stock rows it locked and whether the return was restocked
 * before. A sku without a stock row (an operator removed it since the order) is not refused:
 * restocking comes after the refund, the saga's pivot, so it is retried until it succeeds, and a
 * refusal would only repeat forever. The returned units are real, so the row is created with them.
 */
export function planRestock(
  requested: readonly ReservedItem[],
  restockedBefore: boolean,
  stock: readonly StockLevel[],
): RestockPlan {
  if (restockedBefore) return { kind: 'restocked-before' };
  const items = combineBySku(requested);
  const known = new Set(stock.map((level) => level.sku));
  return {
    kind: 'restock',
    items,
    existing: items.filter((item) => known.has(item.sku)),
    missing: items.filter((item) => !known.has(item.sku)),
  };
}
