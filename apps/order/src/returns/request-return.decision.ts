import { FailureCodes, type OrderItem, type OrderStatus } from '@app/contracts';
import {
  OrderReturnFailureCodes,
  type RequestReturnPayload,
  type RequestReturnReplyResult,
  ReturnRejectedEvent,
  ReturnRequestedEvent,
} from '@app/order-return';
import { type Decision, declined, domainEvent, succeeded } from '@app/participant';
import type { RecordedReturn } from './recorded-return';
import { type ExcessLine, excessLines, heldQuantities, refundCentsOf } from './returnable-quantities';

/** The order a return is requested of, as far as the decision goes. */
export interface OrderToReturn {
  status: OrderStatus;
  items: OrderItem[];
}

export interface ReturnRequestDecision {
  decision: Decision<RequestReturnReplyResult>;
  /** The return to insert; undefined when this return is recorded already. */
  record?: RecordedReturn;
}

/** Excess lines named in a refusal; the rest are counted, so the message stays short. */
const LINES_NAMED = 5;

/** The reject reason of a return whose cancellation overtook its request. */
export const CANCELLED_BEFORE_REQUESTED = 'cancelled before its request arrived';

/**
 * Judges `order.request-return` against the order (null when unknown) and every return recorded
 * for it, read after the order's row was locked so that no concurrent return is missed. Accepted,
 * the return is recorded PENDING and holds its quantities; refused, it is recorded REJECTED
 * (holding nothing) so that the customer can see why, and the verdict stands for a resend.
 */
export function decideReturnRequest(
  order: OrderToReturn | null,
  returns: readonly RecordedReturn[],
  command: RequestReturnPayload,
): ReturnRequestDecision {
  const { returnId, orderId, items, reason } = command;
  const existing = returns.find((recorded) => recorded.returnId === returnId);
  if (existing) return { decision: alreadyRecorded(existing, command) };

  const earlier = returns.filter((recorded) => recorded.orderId === orderId);
  const verdict = verdictOn(order, earlier, command);
  if ('code' in verdict) {
    const { code, message } = verdict;
    return {
      decision: declined(code, message, [
        domainEvent(ReturnRejectedEvent, { returnId, orderId, reason: message }),
      ]),
      record: rejected(command, code, message),
    };
  }
  const { refundCents } = verdict;
  return {
    decision: succeeded({ returnId, status: 'PENDING' as const, refundCents }, [
      domainEvent(ReturnRequestedEvent, { returnId, orderId, items, reason, refundCents }),
    ]),
    record: {
      returnId,
      orderId,
      status: 'PENDING',
      reason,
      items,
      refundCents,
      rejectCode: null,
      rejectReason: null,
    },
  };
}

/**
 * The return as recorded when the saga's cancellation overtook its request (the ledger refused the
 * late request): REJECTED, so the gateway shows what the customer got rather than nothing.
 */
export function returnCancelledBeforeRequested(command: RequestReturnPayload): RecordedReturn {
  return rejected(command, FailureCodes.ALREADY_COMPENSATED, CANCELLED_BEFORE_REQUESTED);
}

function rejected(command: RequestReturnPayload, code: string, message: string): RecordedReturn {
  const { returnId, orderId, items, reason } = command;
  return {
    returnId,
    orderId,
    status: 'REJECTED',
    reason,
    items,
    refundCents: 0,
    rejectCode: code,
    rejectReason: message,
  };
}

/** The verdict already recorded for this return id stands; nothing is written or announced again. */
function alreadyRecorded(
  existing: RecordedReturn,
  command: RequestReturnPayload,
): Decision<RequestReturnReplyResult> {
  if (existing.orderId !== command.orderId) {
    return declined(
      OrderReturnFailureCodes.RETURN_NOT_ALLOWED,
      `return ${command.returnId} belongs to another order than ${command.orderId}`,
    );
  }
  if (existing.status === 'REJECTED') {
    return declined(
      existing.rejectCode ?? OrderReturnFailureCodes.RETURN_NOT_ALLOWED,
      existing.rejectReason ?? `return ${existing.returnId} was rejected`,
    );
  }
  return succeeded({
    returnId: existing.returnId,
    status: 'PENDING' as const,
    refundCents: existing.refundCents,
  });
}

/** The refund of an acceptable request, or why the request is refused. */
function verdictOn(
  order: OrderToReturn | null,
  earlier: readonly RecordedReturn[],
  { orderId, items }: RequestReturnPayload,
): { refundCents: number } | { code: string; message: string } {
  if (!order)
    return { code: OrderReturnFailureCodes.RETURN_NOT_ALLOWED, message: `order ${orderId} does not exist` };
  if (order.status !== 'APPROVED') {
    return {
      code: OrderReturnFailureCodes.RETURN_NOT_ALLOWED,
      message: `order ${orderId} is ${order.status}: only an APPROVED order can be returned`,
    };
  }
  const excess = excessLines(order.items, heldQuantities(earlier), items);
  if (excess.length === 0) return { refundCents: refundCentsOf(order.items, items) };
  const named = excess.slice(0, LINES_NAMED).map(describeExcess).join('; ');
  const more = excess.length > LINES_NAMED ? `; and ${excess.length - LINES_NAMED} more lines` : '';
  return {
    code: OrderReturnFailureCodes.RETURN_EXCEEDS_ORDER,
    message: `order ${orderId} cannot take back ${named}${more}`,
  };
}

function describeExcess({ sku, requested, ordered, held }: ExcessLine): string {
  if (ordered === 0) return `${sku} (${requested} asked, not in the order)`;
  return `${sku} (${requested} asked, ${ordered} ordered, ${held} held by earlier returns)`;
}
