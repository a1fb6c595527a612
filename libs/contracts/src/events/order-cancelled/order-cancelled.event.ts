import { defineEvent } from '../../contract-builders';
import { OrderScoped } from '../../shared/order-scoped';
import { BoundedString } from '../../validation/field-decorators';
import { MAX_REASON_LENGTH } from '../../validation/limits';

export class OrderCancelledPayload extends OrderScoped {
  @BoundedString(MAX_REASON_LENGTH)
  reason: string;
}

export const OrderCancelledEvent = defineEvent({
  service: 'order',
  entity: 'order',
  action: 'cancelled',
  payload: OrderCancelledPayload,
  description: 'An order moved to CANCELLED.',
});
