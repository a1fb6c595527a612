import type { StartOrderReturnPayload } from '../contracts';
import { orderReturnDataFrom } from '../order-return.data';

export const ORDER_ID = '6f1c0a52-8a8e-4d8c-9c51-0e6d2f1f7a11';
export const RETURN_ID = '2c4e6a8b-1d3f-4a5b-9c7d-8e0f1a2b3c4d';
export const PAYMENT_ID = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a';
export const REFUND_ID = '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d';

/** Two of SKU-001 at 1299 and one SKU-002 at 500, as the order participant would price them. */
export const REFUND_CENTS = 2 * 1299 + 500;

export const startPayload: StartOrderReturnPayload = {
  sagaId: 'c0ffee00-1234-4abc-9def-0123456789ab',
  returnId: RETURN_ID,
  orderId: ORDER_ID,
  items: [
    { sku: 'SKU-001', quantity: 2 },
    { sku: 'SKU-002', quantity: 1 },
  ],
  reason: 'damaged in transit',
};

export const returnData = orderReturnDataFrom(startPayload);

/** The success result each participant replies with, by step. */
export const replyResults = {
  'request-return': { returnId: RETURN_ID, status: 'PENDING', refundCents: REFUND_CENTS },
  'refund-payment': {
    returnId: RETURN_ID,
    paymentId: PAYMENT_ID,
    refundId: REFUND_ID,
    refundedCents: REFUND_CENTS,
  },
  'restock-inventory': { returnId: RETURN_ID },
  'complete-return': { returnId: RETURN_ID, status: 'REFUNDED' },
};
