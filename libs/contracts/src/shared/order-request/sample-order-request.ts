import type { OrderRequest } from './order-request';

/**
 * The DESIGN example body of `POST /orders` (plus a second item), fresh on every call so a
 * caller may change it: tests, the demo and the benchmark all start from it.
 */
export function sampleOrderRequest(): OrderRequest {
  return {
    customerId: 'cust-42',
    currency: 'USD',
    items: [
      { sku: 'SKU-001', quantity: 2, unitPriceCents: 1299 },
      { sku: 'SKU-002', quantity: 1, unitPriceCents: 500 },
    ],
    payment: { method: 'card', token: 'tok_visa' },
    shippingAddress: {
      name: 'Ada',
      line1: '1 Main St',
      city: 'Springfield',
      postalCode: '12345',
      country: 'US',
    },
  };
}
