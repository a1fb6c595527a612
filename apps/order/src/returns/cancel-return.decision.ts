import {
  type CancelReturnPayload,
  type CancelReturnReplyResult,
  ReturnRejectedEvent,
} from '@app/order-return';
import { type Decision, domainEvent, refused, succeeded } from '@app/participant';
import type { RecordedReturn } from './recorded-return';
import { ReturnRefusals } from './return-refusals';

export interface ReturnCancellationDecision {
  decision: Decision<CancelReturnReplyResult>;
  /** Set when the PENDING return becomes REJECTED, with the saga's reason. */
  reject?: { rejectReason: string };
}

/**
 * Judges `order.cancel-return`, the compensation of `order.request-return`, against the return as
 * recorded (null when this order has none by that id). A PENDING return is rejected and frees the
 * quantities it held; an unknown or already rejected one is a success with nothing to do (for an
 * unknown one the ledger leaves a tombstone, so its late request is refused). A REFUNDED return
 * cannot be undone: the refund was the saga's pivot.
 */
export function decideReturnCancellation(
  recorded: RecordedReturn | null,
  command: CancelReturnPayload,
): ReturnCancellationDecision {
  const { returnId, orderId, reason } = command;
  const cancelled = { returnId, status: 'REJECTED' as const };
  if (!recorded || recorded.status === 'REJECTED') return { decision: succeeded(cancelled) };
  if (recorded.status === 'REFUNDED') {
    return {
      decision: refused(
        ReturnRefusals.RETURN_ALREADY_REFUNDED,
        `return ${returnId} of order ${orderId} is refunded and cannot be cancelled`,
      ),
    };
  }
  return {
    decision: succeeded(cancelled, [domainEvent(ReturnRejectedEvent, { returnId, orderId, reason })]),
    reject: { rejectReason: reason },
  };
}
