import { randomBytes } from 'node:crypto';
import { type OrderView, placeOrders, setStock } from './gateway-client';
import { orderBody } from './order-body';
import { waitForSagasTerminal } from './order-progress';
import type { RunningPlatform } from './platform';

/** Units of a fresh sku put in stock: far more than any scenario orders. */
const STOCK_OF_A_FRESH_SKU = 1_000;

export const UNIT_PRICE_CENTS = 1_299;

export interface SettledOrder {
  orderId: string;
  sku: string;
  view: OrderView;
}

export interface OrdersToReturn {
  /** How many orders to place, all of one line of the same sku. */
  count: number;
  /** Units ordered per order. */
  quantity: number;
  token?: string;
  /** Default: a fresh sku stocked for the scenario, so its stock moves for its orders alone. */
  sku?: string;
}

/** A sku of its own for a scenario, stocked with plenty of units. */
export async function freshSku(platform: RunningPlatform): Promise<string> {
  const sku = `RET-${randomBytes(4).toString('hex').toUpperCase()}`;
  await setStock(platform, sku, STOCK_OF_A_FRESH_SKU);
  return sku;
}

/**
 * Places `count` orders of `quantity` units of one sku and waits until their sagas have ended:
 * the orders returns are then made against. The caller checks how they ended.
 */
export async function settledOrders(
  platform: RunningPlatform,
  { count, quantity, token, sku: given }: OrdersToReturn,
): Promise<SettledOrder[]> {
  const sku = given ?? (await freshSku(platform));
  const bodies = Array.from({ length: count }, () =>
    orderBody({ token, items: [{ sku, quantity, unitPriceCents: UNIT_PRICE_CENTS }] }),
  );
  const orderIds = await placeOrders(platform, bodies);
  const views = await waitForSagasTerminal(platform, orderIds);
  return orderIds.map((orderId) => ({ orderId, sku, view: views.get(orderId)! }));
}

/** One order of `quantity` units that must end APPROVED (its saga COMPLETED). */
export async function approvedOrder(
  platform: RunningPlatform,
  options: { quantity?: number; token?: string } = {},
): Promise<SettledOrder> {
  const [order] = await settledOrders(platform, {
    count: 1,
    quantity: options.quantity ?? 2,
    token: options.token,
  });
  if (order.view.status !== 'APPROVED') {
    throw new Error(
      `order ${order.orderId} ended ${order.view.status}, not APPROVED: ${JSON.stringify(order.view)}`,
    );
  }
  return order;
}
