import { defineSaga } from '@app/saga-core';
import {
  CancelReturnCommand,
  CompleteReturnCommand,
  RefundPaymentCommand,
  RequestReturnCommand,
  RestockInventoryCommand,
} from './contracts';
import type { OrderReturnData } from './order-return.data';

export const ORDER_RETURN = 'order-return';

/** How long a participant may take to answer one command before the step's outcome counts as unknown. */
export const RETURN_PARTICIPANT_TIMEOUT_MS = 5_000;

/** Why a return is rejected when the saga compensates it. */
export const RETURN_CANCELLATION_REASON = 'order-return saga compensated';

/** The refund request-return priced; refund-payment only runs once that step succeeded. */
function recordedRefund(data: OrderReturnData): number {
  if (data.refundCents === undefined) {
    throw new Error('order-return: refundCents was not recorded before the refund was sent');
  }
  return data.refundCents;
}

/** DESIGN "Order returns", row by row; timeouts and retries as order-fulfillment's. */
export const orderReturnSaga = defineSaga<OrderReturnData>(ORDER_RETURN, 1, {
  timeoutMs: RETURN_PARTICIPANT_TIMEOUT_MS,
  retry: { maxAttempts: 4, initialBackoffMs: 100, maxBackoffMs: 2_000, multiplier: 2, jitter: true },
  compensationRetry: {
    maxAttempts: 10,
    initialBackoffMs: 200,
    maxBackoffMs: 10_000,
    multiplier: 2,
    jitter: true,
  },
})
  .step('request-return')
  .invoke(RequestReturnCommand, (data) => ({
    returnId: data.returnId,
    orderId: data.orderId,
    items: data.items,
    reason: data.reason,
  }))
  .onReply((data, result) => ({ ...data, refundCents: result.refundCents }))
  .withCompensation(CancelReturnCommand, (data) => ({
    returnId: data.returnId,
    orderId: data.orderId,
    reason: RETURN_CANCELLATION_REASON,
  }))

  // The pivot: money that left cannot be taken back by the saga. A refused refund
  // (REFUND_DECLINED, REFUND_EXCEEDS_CAPTURE) rejects the return; an unanswered one is resent.
  .step('refund-payment')
  .pivot()
  .invoke(RefundPaymentCommand, (data) => ({
    returnId: data.returnId,
    orderId: data.orderId,
    amountCents: recordedRefund(data),
  }))

  // After the pivot: retried until done (no attempt limit), backing off up to 30 s.
  .step('restock-inventory')
  .retriable()
  .retry({ maxBackoffMs: 30_000 })
  .invoke(RestockInventoryCommand, (data) => ({
    returnId: data.returnId,
    orderId: data.orderId,
    items: data.items,
  }))

  .step('complete-return')
  .retriable()
  .retry({ maxBackoffMs: 30_000 })
  .invoke(CompleteReturnCommand, (data) => ({ returnId: data.returnId, orderId: data.orderId }))
  .build();
