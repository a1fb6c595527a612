import type { StartOrderReturnPayload } from './contracts';

export interface ReturnLine {
  sku: string;
  quantity: number;
}

/** The order-return saga's data: the return as started, plus the refund request-return priced. */
export interface OrderReturnData {
  returnId: string;
  orderId: string;
  items: ReturnLine[];
  reason: string;
  /** Recorded from request-return's reply: Σ quantity × the order's unit price. */
  refundCents?: number;
}

/** The saga's start data, as plain JSON (the payload may be a class-transformer instance). */
export function orderReturnDataFrom(start: StartOrderReturnPayload): OrderReturnData {
  return {
    returnId: start.returnId,
    orderId: start.orderId,
    items: start.items.map(({ sku, quantity }) => ({ sku, quantity })),
    reason: start.reason,
  };
}
