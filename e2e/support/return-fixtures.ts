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

/** Rounds of placing orders before a scenario gives up on having as many APPROVED as it needs. */
const PLACING_ROUNDS = 3;

/**
 * `count` APPROVED orders, placing more for any that did not complete (a machine too busy for the
 * first commands after a start may time a step out): the orders are the ground a returns scenario
 * stands on, not what it tests. Fails if three rounds do not make them.
 */
export async function approvedOrders(
  platform: RunningPlatform,
  wanted: OrdersToReturn,
): Promise<SettledOrder[]> {
  const sku = wanted.sku ?? (await freshSku(platform));
  const approved: SettledOrder[] = [];
  const others: string[] = [];
  for (let round = 1; round <= PLACING_ROUNDS && approved.length < wanted.count; round++) {
    const placed = await settledOrders(platform, { ...wanted, sku, count: wanted.count - approved.length });
    for (const order of placed) {
      if (order.view.status === 'APPROVED') approved.push(order);
      else others.push(`${order.orderId} ${order.view.status} (saga at ${order.view.saga?.currentStep})`);
    }
  }
  if (approved.length < wanted.count) {
    throw new Error(
      `${approved.length} of ${wanted.count} orders approved; the others: ${others.join(', ')}`,
    );
  }
  return approved;
}

/** One APPROVED order of `quantity` units (2 unless given) of a sku of its own. */
export async function approvedOrder(
  platform: RunningPlatform,
  options: { quantity?: number; token?: string } = {},
): Promise<SettledOrder> {
  const [order] = await approvedOrders(platform, {
    count: 1,
    quantity: options.quantity ?? 2,
    token: options.token,
  });
  return order;
}
