import { defineEvent, LineItems, SkuQuantity } from '@app/contracts';
import { RefundCents } from '../shared/refund-cents';
import { ReturnReason } from '../shared/return-reason';
import { ReturnScoped } from '../shared/return-scoped';

export class ReturnRequestedPayload extends ReturnScoped {
  @LineItems(() => SkuQuantity)
  items: SkuQuantity[];

  @ReturnReason()
  reason: string;

  @RefundCents()
  refundCents: number;
}

export const ReturnRequestedEvent = defineEvent({
  service: 'order',
  entity: 'return',
  action: 'requested',
  payload: ReturnRequestedPayload,
  description: 'A return was recorded PENDING; its quantities are held until it is refunded or rejected.',
});
