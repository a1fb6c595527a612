import type { OrderRequest } from '@app/contracts';

export interface DemoScenario {
  title: string;
  expected: 'COMPLETED' | 'COMPENSATED';
  order: OrderRequest;
}

interface Variation {
  sku?: string;
  token?: string;
  country?: string;
}

function order({ sku = 'SKU-001', token = 'tok_visa', country = 'US' }: Variation): OrderRequest {
  return {
    customerId: 'demo-customer',
    currency: 'USD',
    items: [{ sku, quantity: 1, unitPriceCents: 2_500 }],
    payment: { method: 'card', token },
    shippingAddress: {
      name: 'Ada Lovelace',
      line1: '1 Main St',
      city: 'Springfield',
      postalCode: '12345',
      country,
    },
  };
}

/** One order per outcome of the demo domain rules (DESIGN "Demo domain rules"). */
export const DEMO_SCENARIOS: readonly DemoScenario[] = [
  { title: 'Happy path', expected: 'COMPLETED', order: order({}) },
  { title: 'Out of stock (SKU-OOS)', expected: 'COMPENSATED', order: order({ sku: 'SKU-OOS' }) },
  {
    title: 'Card declined (tok_chargeDeclined)',
    expected: 'COMPENSATED',
    order: order({ token: 'tok_chargeDeclined' }),
  },
  {
    title: 'Insufficient funds (tok_insufficientFunds)',
    expected: 'COMPENSATED',
    order: order({ token: 'tok_insufficientFunds' }),
  },
  {
    title: 'Processing error, retried (tok_processingError)',
    expected: 'COMPLETED',
    order: order({ token: 'tok_processingError' }),
  },
  { title: 'Payment timeout (tok_timeout)', expected: 'COMPENSATED', order: order({ token: 'tok_timeout' }) },
  { title: 'Unsupported country (BR)', expected: 'COMPENSATED', order: order({ country: 'BR' }) },
];
