/** A `POST /orders` body as plain JSON (DESIGN "Gateway HTTP"), loose enough to build invalid ones too. */
export interface OrderBody {
  customerId: string;
  currency: string;
  items: Array<{ sku: string; quantity: number; unitPriceCents: number }>;
  payment: { method: string; token: string };
  shippingAddress: {
    name: string;
    line1: string;
    line2?: string;
    city: string;
    postalCode: string;
    country: string;
  };
}

/** The demo card processor's test tokens (DESIGN "Demo domain rules"). */
export const CardToken = {
  APPROVES: 'tok_visa',
  DECLINED: 'tok_chargeDeclined',
  INSUFFICIENT_FUNDS: 'tok_insufficientFunds',
  PROCESSING_ERROR: 'tok_processingError',
  NEVER_ANSWERS: 'tok_timeout',
} as const;

export interface OrderBodyOptions {
  token?: string;
  country?: string;
  items?: OrderBody['items'];
  customerId?: string;
}

/** A valid order that completes, unless an option steers it to another outcome. */
export function orderBody(options: OrderBodyOptions = {}): OrderBody {
  return {
    customerId: options.customerId ?? 'cust-e2e',
    currency: 'USD',
    items: options.items ?? [
      { sku: 'SKU-001', quantity: 2, unitPriceCents: 1299 },
      { sku: 'SKU-002', quantity: 1, unitPriceCents: 500 },
    ],
    payment: { method: 'card', token: options.token ?? CardToken.APPROVES },
    shippingAddress: {
      name: 'Ada',
      line1: '1 Main St',
      city: 'Springfield',
      postalCode: '12345',
      country: options.country ?? 'US',
    },
  };
}
