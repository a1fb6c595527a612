import { defineCommand } from '@app/contracts';
import { RefundCents } from '../shared/refund-cents';
import { ReturnScoped } from '../shared/return-scoped';

export class RefundPaymentPayload extends ReturnScoped {
  @RefundCents()
  amountCents: number;
}

export const RefundPaymentCommand = defineCommand({
  service: 'payment',
  action: 'refund',
  payload: RefundPaymentPayload,
  description:
    "Refund part of the order's captured payment; REFUND_DECLINED or REFUND_EXCEEDS_CAPTURE on business failure.",
});
