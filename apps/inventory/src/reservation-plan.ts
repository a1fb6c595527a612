import type { ReservedItem } from './reservation.entity';

export interface StockLevel {
  sku: string;
  available: number;
}

export type ReservationPlan =
  | { feasible: true; items: ReservedItem[] }
  | { feasible: false; code: 'UNKNOWN_SKU' | 'INSUFFICIENT_STOCK'; message: string };

/**
 * Decides whether an order's items can be held from the given stock. Lines of the same sku
 * are summed, and the items come back ordered by sku: the order rows are locked in, so two
 * reservations never wait on each other's rows in opposite orders.
 */
export function planReservation(
  requested: readonly ReservedItem[],
  stock: readonly StockLevel[],
): ReservationPlan {
  const items = combineBySku(requested);
  const availableBySku = new Map(stock.map((level) => [level.sku, level.available]));
  const unknown = items.filter((item) => !availableBySku.has(item.sku)).map((item) => item.sku);
  if (unknown.length > 0) {
    return { feasible: false, code: 'UNKNOWN_SKU', message: `unknown sku: ${unknown.join(', ')}` };
  }
  const short = items.filter((item) => item.quantity > (availableBySku.get(item.sku) as number));
  if (short.length > 0) {
    const detail = short.map(
      (item) => `${item.sku} (wanted ${item.quantity}, available ${availableBySku.get(item.sku)})`,
    );
    return { feasible: false, code: 'INSUFFICIENT_STOCK', message: `not enough stock: ${detail.join(', ')}` };
  }
  return { feasible: true, items };
}

export function combineBySku(items: readonly ReservedItem[]): ReservedItem[] {
  const totals = new Map<string, number>();
  for (const item of items) totals.set(item.sku, (totals.get(item.sku) ?? 0) + item.quantity);
  return [...totals.entries()]
    .map(([sku, quantity]) => ({ sku, quantity }))
    .sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
}
