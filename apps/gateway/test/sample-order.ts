import type { OrderRequest } from '@app/contracts';

/** The DESIGN example body of `POST /orders`, fresh on every call so tests may change it. */
export function sampleOrder(): OrderRequest {
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
