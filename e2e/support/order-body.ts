import { DemoCardTokens, sampleOrderRequest } from '@app/contracts';

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
export const CardToken = DemoCardTokens;

export interface OrderBodyOptions {
  token?: string;
  country?: string;
  items?: OrderBody['items'];
  customerId?: string;
}

/** A valid order that completes, unless an option steers it to another outcome. */
export function orderBody(options: OrderBodyOptions = {}): OrderBody {
  return sampleOrderRequest({ ...options, customerId: options.customerId ?? 'cust-e2e' });
}
