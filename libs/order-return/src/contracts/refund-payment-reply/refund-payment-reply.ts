import { defineReply, ReplyPayload, ReplyResult } from '@app/contracts';
import { IsUUID } from 'class-validator';
import { RefundPaymentCommand } from '../refund-payment-command/refund-payment-command';
import { RefundCents } from '../shared/refund-cents';

export class RefundPaymentReplyResult {
  @IsUUID()
  returnId: string;

  @IsUUID()
  paymentId: string;

  @IsUUID()
  refundId: string;

  /** The payment's total refunded so far, this refund included. */
  @RefundCents()
  refundedCents: number;
}

export class RefundPaymentReplyPayload extends ReplyPayload {
  @ReplyResult(() => RefundPaymentReplyResult)
  result?: RefundPaymentReplyResult;
}

export const RefundPaymentReply = defineReply(
  RefundPaymentCommand,
  RefundPaymentReplyPayload,
  'Outcome of payment.refund; REFUND_DECLINED or REFUND_EXCEEDS_CAPTURE on business failure.',
);
