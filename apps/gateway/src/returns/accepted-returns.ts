import type { SkuQuantity } from '@app/contracts';

/**
 * A return the gateway has accepted, remembered until the order service records it, so a client
 * that asks right after the 202 sees `PENDING` instead of a 404.
 */
export interface AcceptedReturn {
  returnId: string;
  orderId: string;
  sagaId: string;
  items: SkuQuantity[];
  reason: string;
  acceptedAt: string;
}

export interface AcceptedReturns {
  remember(accepted: AcceptedReturn): Promise<void>;
  /** Only a return accepted for this order: a return id asked under another order is unknown. */
  find(orderId: string, returnId: string): Promise<AcceptedReturn | null>;
}

export const ACCEPTED_RETURNS = Symbol('ACCEPTED_RETURNS');
