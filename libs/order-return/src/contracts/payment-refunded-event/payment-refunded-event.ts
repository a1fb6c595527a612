import { defineEvent, PaymentAmount } from '@app/contracts';
import { IsUUID } from 'class-validator';
import { RefundCents } from '../shared/refund-cents';

/** `amountCents` is this refund; `refundedCents` the payment's total refunded, this one included. */
export class PaymentRefundedPayload extends PaymentAmount {
  @IsUUID()
  returnId: string;

  @IsUUID()
  refundId: string;

  @RefundCents()
  refundedCents: number;
}

export const PaymentRefundedEvent = defineEvent({
  service: 'payment',
  entity: 'payment',
  action: 'refunded',
  payload: PaymentRefundedPayload,
  description: 'Part of a captured payment was refunded for a return.',
});
