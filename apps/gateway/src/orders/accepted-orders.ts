import type { Currency, OrderItem } from '@app/contracts';

/**
 * An order the gateway has accepted, remembered until the order service has its own row, so a
 * client that asks right after the 202 sees `PENDING` instead of a 404.
 */
export interface AcceptedOrder {
  orderId: string;
  sagaId: string;
  customerId: string;
  currency: Currency;
  items: OrderItem[];
  totalCents: number;
  acceptedAt: string;
}

export interface AcceptedOrders {
  remember(order: AcceptedOrder): Promise<void>;
  find(orderId: string): Promise<AcceptedOrder | null>;
}

export const ACCEPTED_ORDERS = Symbol('ACCEPTED_ORDERS');
