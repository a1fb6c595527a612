import type { Currency, PaymentMethod, StartOrderFulfillmentPayload } from '@app/contracts';

export interface OrderLine {
  sku: string;
  quantity: number;
  unitPriceCents: number;
}

export interface OrderAddress {
  name: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  country: string;
}

/** The order-fulfillment saga's data: the order as started, plus what each step's reply recorded. */
export interface OrderFulfillmentData {
  orderId: string;
  customerId: string;
  currency: Currency;
  items: OrderLine[];
  totalCents: number;
  payment: { method: PaymentMethod; token: string };
  shippingAddress: OrderAddress;
  reservationId?: string;
  paymentId?: string;
  shipmentId?: string;
  trackingNumber?: string;
}

/** The saga's start data, as plain JSON (the payload may be a class-transformer instance). */
export function orderFulfillmentDataFrom(start: StartOrderFulfillmentPayload): OrderFulfillmentData {
  const { order } = start;
  const items = order.items.map(({ sku, quantity, unitPriceCents }) => ({ sku, quantity, unitPriceCents }));
  const { name, line1, line2, city, postalCode, country } = order.shippingAddress;
  return {
    orderId: start.orderId,
    customerId: order.customerId,
    currency: order.currency,
    items,
    totalCents: items.reduce((total, item) => total + item.quantity * item.unitPriceCents, 0),
    payment: { method: order.payment.method, token: order.payment.token },
    shippingAddress: { name, line1, ...(line2 === undefined ? {} : { line2 }), city, postalCode, country },
  };
}
