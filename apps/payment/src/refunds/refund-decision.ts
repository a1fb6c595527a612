import type { PaymentStatus } from '@app/contracts';
import { OrderReturnFailureCodes } from '@app/order-return';
import { declinesRefunds } from '../card-processor';

export interface RefundRequest {
  orderId: string;
  returnId: string;
  amountCents: number;
}

/** What a refund decision needs of the order's payment, read under its row lock. */
export interface RefundablePayment {
  id: string;
  status: PaymentStatus;
  /** The authorized amount; once CAPTURED, the captured amount. */
  amountCents: number;
  cardToken: string | null;
}

export interface RecordedRefund {
  refundId: string;
  returnId: string;
  amountCents: number;
}

export type RefundRefusalCode =
  typeof OrderReturnFailureCodes.REFUND_DECLINED | typeof OrderReturnFailureCodes.REFUND_EXCEEDS_CAPTURE;

export type RefundVerdict<P extends RefundablePayment = RefundablePayment> =
  /** Record a new refund of the requested amount on `payment`; `refundedCents` is the total with it. */
  | { kind: 'refund'; payment: P; refundedCents: number }
  /** The return was refunded before: its refund is the answer, nothing moves again. */
  | { kind: 'refunded-before'; payment: P; refund: RecordedRefund; refundedCents: number }
  | { kind: 'refused'; code: RefundRefusalCode; message: string };

/**
 * Decides a return's refund from the order's payment and every refund made on it so far. A
 * return is refunded at most once: when it already has a refund, that refund stands whatever
 * amount is asked now (the return's amount is fixed when it is requested). Refunds together
 * never pass what was captured, and nothing is refunded on a payment that is not captured.
 */
export function decideRefund<P extends RefundablePayment>(
  request: RefundRequest,
  payment: P | null,
  refunds: readonly RecordedRefund[],
): RefundVerdict<P> {
  if (!payment) {
    return exceedsCapture(`order ${request.orderId} has no payment to refund`);
  }
  const refundedCents = refunds.reduce((total, refund) => total + refund.amountCents, 0);
  const earlier = refunds.find((refund) => refund.returnId === request.returnId);
  if (earlier) return { kind: 'refunded-before', payment, refund: earlier, refundedCents };
  if (declinesRefunds(payment.cardToken)) {
    return {
      kind: 'refused',
      code: OrderReturnFailureCodes.REFUND_DECLINED,
      message: `the card processor declined the refund of payment ${payment.id}`,
    };
  }
  if (payment.status !== 'CAPTURED') {
    return exceedsCapture(`payment ${payment.id} is ${payment.status}: nothing was captured`);
  }
  const after = refundedCents + request.amountCents;
  if (after > payment.amountCents) {
    return exceedsCapture(
      `refunding ${request.amountCents} cents would bring payment ${payment.id} to ${after} cents refunded, ` +
        `more than the ${payment.amountCents} cents captured`,
    );
  }
  return { kind: 'refund', payment, refundedCents: after };
}

function exceedsCapture(message: string): RefundVerdict<never> {
  return { kind: 'refused', code: OrderReturnFailureCodes.REFUND_EXCEEDS_CAPTURE, message };
}
