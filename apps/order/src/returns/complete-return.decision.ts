import {
  type CompleteReturnPayload,
  type CompleteReturnReplyResult,
  ReturnCompletedEvent,
} from '@app/order-return';
import { type Decision, domainEvent, refused, succeeded } from '@app/participant';
import type { RecordedReturn } from './recorded-return';
import { ReturnRefusals } from './return-refusals';

export interface ReturnCompletionDecision {
  decision: Decision<CompleteReturnReplyResult>;
  /** True when the PENDING return becomes REFUNDED. */
  refund: boolean;
}

/**
 * Judges `order.complete-return`, the saga's last step after the refund and the restock, against
 * the return as recorded (null when this order has none by that id). A PENDING return becomes
 * REFUNDED and keeps holding its quantities for good; a REFUNDED one is done already.
 */
export function decideReturnCompletion(
  recorded: RecordedReturn | null,
  command: CompleteReturnPayload,
): ReturnCompletionDecision {
  const { returnId, orderId } = command;
  const refunded = { returnId, status: 'REFUNDED' as const };
  if (!recorded) {
    return {
      decision: refused(ReturnRefusals.RETURN_NOT_FOUND, `order ${orderId} has no return ${returnId}`),
      refund: false,
    };
  }
  if (recorded.status === 'REJECTED') {
    return {
      decision: refused(
        ReturnRefusals.RETURN_REJECTED,
        `return ${returnId} of order ${orderId} was rejected`,
      ),
      refund: false,
    };
  }
  if (recorded.status === 'REFUNDED') return { decision: succeeded(refunded), refund: false };
  return {
    decision: succeeded(refunded, [
      domainEvent(ReturnCompletedEvent, { returnId, orderId, refundCents: recorded.refundCents }),
    ]),
    refund: true,
  };
}
