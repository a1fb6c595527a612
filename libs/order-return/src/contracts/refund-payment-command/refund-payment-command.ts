import { defineCommand } from '@app/contracts';
import { IsUUID } from 'class-validator';
import { RefundCents } from '../shared/refund-cents';
import { ReturnScoped } from '../shared/return-scoped';

export class RefundPaymentPayload extends ReturnScoped {
  @RefundCents()
  amountCents: number;
}

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

export const RefundPaymentCommand = defineCommand({
  service: 'payment',
  action: 'refund',
  payload: RefundPaymentPayload,
  description: "Refund part of the order's captured payment for one return.",
  result: RefundPaymentReplyResult,
  replyDescription:
    'Outcome of payment.refund; REFUND_DECLINED or REFUND_EXCEEDS_CAPTURE on business failure.',
});
