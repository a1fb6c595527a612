import { OrderView, StockLevel, stockOf } from './gateway-client';
import { mapConcurrently } from '@test/support';
import type { RunningPlatform } from './platform';

export type StockLevels = Map<string, StockLevel>;

/** The stock of every sku the orders name. */
export async function stockLevels(platform: RunningPlatform, skus: Iterable<string>): Promise<StockLevels> {
  const levels = await mapConcurrently([...new Set(skus)], 16, (sku) => stockOf(platform, sku));
  return new Map(levels.map((level) => [level.sku, level]));
}

/**
 * Whether inventory moved exactly as the ended sagas say, when they are the only orders placed
 * between `before` and `after`: each completed order holds its lines as reserved units, and every
 * compensated one gave its units back. A double reservation or a double release shows here.
 * `restocked` are the lines of the refunded returns of those orders: a restock puts its units
 * back into `available` and leaves the order's reservation as it was, so a double restock shows too.
 */
export function stockAccountingErrors(
  before: StockLevels,
  after: StockLevels,
  views: Iterable<OrderView>,
  restocked: Iterable<{ sku: string; quantity: number }> = [],
): string[] {
  const held = new Map<string, number>();
  for (const view of views) {
    if (view.saga?.status !== 'COMPLETED') continue;
    for (const { sku, quantity } of view.items) held.set(sku, (held.get(sku) ?? 0) + quantity);
  }
  const returned = new Map<string, number>();
  for (const { sku, quantity } of restocked) returned.set(sku, (returned.get(sku) ?? 0) + quantity);
  return [...before].flatMap(([sku, was]) => {
    const now = after.get(sku);
    const units = held.get(sku) ?? 0;
    const back = returned.get(sku) ?? 0;
    const expected = { sku, available: was.available - units + back, reserved: was.reserved + units };
    return now && now.available === expected.available && now.reserved === expected.reserved
      ? []
      : [`${sku}: ${JSON.stringify(now)}, expected ${JSON.stringify(expected)}`];
  });
}
