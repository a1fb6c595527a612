import type { OrderView } from './gateway-client';
import { CardToken, OrderBody, orderBody } from './order-body';

export type ExpectedSagaStatus = 'COMPLETED' | 'COMPENSATED';

/** An order whose outcome the demo domain rules decide in advance. */
export interface OrderCase {
  name: string;
  body: OrderBody;
  expected: ExpectedSagaStatus;
}

/** One line of a seeded sku (`SKU-001`…`SKU-100`), spread so concurrent orders do not all lock one row. */
function seededLine(index: number, unitPriceCents = 1299): OrderBody['items'][number] {
  return { sku: `SKU-${String((index % 100) + 1).padStart(3, '0')}`, quantity: 1, unitPriceCents };
}

const CASES: Array<{ name: string; expected: ExpectedSagaStatus; body: (index: number) => OrderBody }> = [
  { name: 'approved', expected: 'COMPLETED', body: (i) => orderBody({ items: [seededLine(i)] }) },
  {
    name: 'processing error, retried',
    expected: 'COMPLETED',
    body: (i) => orderBody({ items: [seededLine(i)], token: CardToken.PROCESSING_ERROR }),
  },
  {
    name: 'card declined',
    expected: 'COMPENSATED',
    body: (i) => orderBody({ items: [seededLine(i)], token: CardToken.DECLINED }),
  },
  {
    name: 'insufficient funds',
    expected: 'COMPENSATED',
    body: (i) => orderBody({ items: [seededLine(i)], token: CardToken.INSUFFICIENT_FUNDS }),
  },
  {
    name: 'over the authorization limit',
    expected: 'COMPENSATED',
    body: (i) => orderBody({ items: [seededLine(i, 1_000_001)] }),
  },
  {
    name: 'out of stock',
    expected: 'COMPENSATED',
    body: (i) => orderBody({ items: [seededLine(i), { sku: 'SKU-OOS', quantity: 1, unitPriceCents: 100 }] }),
  },
  {
    name: 'unsupported country',
    expected: 'COMPENSATED',
    body: (i) => orderBody({ items: [seededLine(i)], country: 'BR' }),
  },
];

/**
 * `count` orders cycling through every outcome that settles without waiting out a step timeout;
 * every other order is a plain approval, as in a real mix.
 */
export function mixedOrders(count: number): OrderCase[] {
  return Array.from({ length: count }, (_, index) => {
    const kind = index % 2 === 0 ? CASES[0] : CASES[((index - 1) / 2) % CASES.length];
    return { name: kind.name, expected: kind.expected, body: kind.body(index) };
  });
}

/** Each order (`orderIds[i]` placed from `cases[i]`) whose saga did not end as its case expects. */
export function outcomeMismatches(
  cases: readonly OrderCase[],
  orderIds: readonly string[],
  views: ReadonlyMap<string, OrderView>,
): string[] {
  return cases.flatMap((order, index) => {
    const saga = views.get(orderIds[index])?.saga;
    return saga?.status === order.expected
      ? []
      : [`${order.name} (${orderIds[index]}): saga ${saga?.status ?? 'none'}, expected ${order.expected}`];
  });
}

/** Every sku the cases order. */
export function skusOf(cases: readonly OrderCase[]): string[] {
  return [...new Set(cases.flatMap((order) => order.body.items.map((item) => item.sku)))];
}
