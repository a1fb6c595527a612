import { defineEvent } from '@app/contracts';
import { RefundCents } from '../shared/refund-cents';
import { ReturnScoped } from '../shared/return-scoped';

export class ReturnCompletedPayload extends ReturnScoped {
  @RefundCents()
  refundCents: number;
}

export const ReturnCompletedEvent = defineEvent({
  service: 'order',
  entity: 'return',
  action: 'completed',
  payload: ReturnCompletedPayload,
  description: 'A return was refunded and its items restocked: it is REFUNDED.',
});
