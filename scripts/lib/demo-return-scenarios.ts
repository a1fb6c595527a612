import { DemoCardTokens, type OrderRequest, sampleOrderRequest } from '@app/contracts';
import type { ReturnStatus } from '@app/order-return';

/** The body of `POST /orders/{orderId}/returns` (DESIGN "Order returns"). */
export interface ReturnRequestBody {
  items: Array<{ sku: string; quantity: number }>;
  reason: string;
}

/**
 * A return made of an order the demo places first: the order must complete (a return is only
 * allowed of an APPROVED order), then its return's saga ends as `expected`, the return `status`.
 */
export interface DemoReturnScenario {
  title: string;
  order: OrderRequest;
  return: ReturnRequestBody;
  expected: { saga: 'COMPLETED' | 'COMPENSATED'; status: Exclude<ReturnStatus, 'PENDING'> };
}

const UNITS_ORDERED = 2;

function orderPaidWith(token: string): OrderRequest {
  return sampleOrderRequest({
    customerId: 'demo-customer',
    items: [{ sku: 'SKU-001', quantity: UNITS_ORDERED, unitPriceCents: 2_500 }],
    token,
  });
}

const ONE_UNIT_BACK: ReturnRequestBody = {
  items: [{ sku: 'SKU-001', quantity: 1 }],
  reason: 'arrived damaged',
};

/** One return per end of the order-return saga: refunded and restocked, or rejected and compensated. */
export const DEMO_RETURN_SCENARIOS: readonly DemoReturnScenario[] = [
  {
    title: 'Return refunded (1 of 2 units)',
    order: orderPaidWith(DemoCardTokens.APPROVES),
    return: ONE_UNIT_BACK,
    expected: { saga: 'COMPLETED', status: 'REFUNDED' },
  },
  {
    title: 'Return rejected: refund declined (tok_refundDeclined)',
    order: orderPaidWith(DemoCardTokens.REFUND_DECLINED),
    return: ONE_UNIT_BACK,
    expected: { saga: 'COMPENSATED', status: 'REJECTED' },
  },
];
