import type { OrderItem, SkuQuantity } from '@app/contracts';
import type { ReturnStatus } from '@app/order-return';

/** A return already recorded for the order, as far as quantities go. */
export interface HeldReturn {
  status: ReturnStatus;
  items: SkuQuantity[];
}

/** Statuses whose items are (or are being) given back: a REJECTED return gave nothing back. */
const HOLDING: ReadonlySet<ReturnStatus> = new Set<ReturnStatus>(['PENDING', 'REFUNDED']);

/** Units per SKU that earlier returns hold: PENDING ones may still be refunded, REFUNDED ones were. */
export function heldQuantities(returns: readonly HeldReturn[]): Map<string, number> {
  const held = new Map<string, number>();
  for (const { status, items } of returns) {
    if (!HOLDING.has(status)) continue;
    for (const { sku, quantity } of items) held.set(sku, (held.get(sku) ?? 0) + quantity);
  }
  return held;
}

/** One requested line that asks for more than the order has left to return. */
export interface ExcessLine {
  sku: string;
  requested: number;
  ordered: number;
  held: number;
}

/**
 * The requested lines the order cannot give back: a SKU it never had (ordered 0), or more units
 * than ordered minus what `held` already takes. Lines naming the same SKU twice count together.
 */
export function excessLines(
  ordered: readonly OrderItem[],
  held: ReadonlyMap<string, number>,
  requested: readonly SkuQuantity[],
): ExcessLine[] {
  const orderedBySku = new Map(ordered.map((line) => [line.sku, line.quantity]));
  const excess: ExcessLine[] = [];
  for (const [sku, quantity] of totalsBySku(requested)) {
    const line = { sku, requested: quantity, ordered: orderedBySku.get(sku) ?? 0, held: held.get(sku) ?? 0 };
    if (line.requested > line.ordered - line.held) excess.push(line);
  }
  return excess;
}

/** Σ quantity × the order's unit price of each requested line; every SKU must be in the order. */
export function refundCentsOf(ordered: readonly OrderItem[], requested: readonly SkuQuantity[]): number {
  const priceBySku = new Map(ordered.map((line) => [line.sku, line.unitPriceCents]));
  return requested.reduce((sum, { sku, quantity }) => {
    const price = priceBySku.get(sku);
    if (price === undefined) throw new Error(`${sku} is not a line of the order`);
    return sum + quantity * price;
  }, 0);
}

function totalsBySku(lines: readonly SkuQuantity[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const { sku, quantity } of lines) totals.set(sku, (totals.get(sku) ?? 0) + quantity);
  return totals;
}
