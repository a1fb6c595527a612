import { DemoCardTokens, type OrderRequest, sampleOrderRequest } from '@app/contracts';

export interface DemoScenario {
  title: string;
  expected: 'COMPLETED' | 'COMPENSATED';
  order: OrderRequest;
}

function order({ sku = 'SKU-001', token, country }: { sku?: string; token?: string; country?: string }) {
  return sampleOrderRequest({
    customerId: 'demo-customer',
    items: [{ sku, quantity: 1, unitPriceCents: 2_500 }],
    token,
    country,
  });
}

/** One order per outcome of the demo domain rules (DESIGN "Demo domain rules"). */
export const DEMO_SCENARIOS: readonly DemoScenario[] = [
  { title: 'Happy path', expected: 'COMPLETED', order: order({}) },
  { title: 'Out of stock (SKU-OOS)', expected: 'COMPENSATED', order: order({ sku: 'SKU-OOS' }) },
  {
    title: 'Card declined (tok_chargeDeclined)',
    expected: 'COMPENSATED',
    order: order({ token: DemoCardTokens.DECLINED }),
  },
  {
    title: 'Insufficient funds (tok_insufficientFunds)',
    expected: 'COMPENSATED',
    order: order({ token: DemoCardTokens.INSUFFICIENT_FUNDS }),
  },
  {
    title: 'Processing error, retried (tok_processingError)',
    expected: 'COMPLETED',
    order: order({ token: DemoCardTokens.PROCESSING_ERROR }),
  },
  {
    title: 'Payment timeout (tok_timeout)',
    expected: 'COMPENSATED',
    order: order({ token: DemoCardTokens.NEVER_ANSWERS }),
  },
  { title: 'Unsupported country (BR)', expected: 'COMPENSATED', order: order({ country: 'BR' }) },
];
