import { DemoCardTokens } from './demo-card-tokens';
import type { OrderItem } from '../order-item';
import type { OrderRequest } from './order-request';

/** What callers vary in the sample order; everything else stays the DESIGN example. */
export interface OrderRequestVariation {
  customerId?: string;
  items?: OrderItem[];
  token?: string;
  country?: string;
}

/**
 * The DESIGN example body of `POST /orders` (plus a second item), fresh on every call so a
 * caller may change it: tests, the demo and the benchmark all start from it.
 */
export function sampleOrderRequest(variation: OrderRequestVariation = {}): OrderRequest {
  return {
    customerId: variation.customerId ?? 'cust-42',
    currency: 'USD',
    items: variation.items ?? [
      { sku: 'SKU-001', quantity: 2, unitPriceCents: 1299 },
      { sku: 'SKU-002', quantity: 1, unitPriceCents: 500 },
    ],
    payment: { method: 'card', token: variation.token ?? DemoCardTokens.APPROVES },
    shippingAddress: {
      name: 'Ada',
      line1: '1 Main St',
      city: 'Springfield',
      postalCode: '12345',
      country: variation.country ?? 'US',
    },
  };
}
