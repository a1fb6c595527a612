import { defineCommand } from '../../contract-builders';
import { OrderScoped } from '../../shared/order-scoped';
import { BoundedString } from '../../validation/field-decorators';
import { MAX_REASON_LENGTH } from '../../validation/limits';

export class CancelOrderPayload extends OrderScoped {
  @BoundedString(MAX_REASON_LENGTH)
  reason: string;
}

export const CancelOrderCommand = defineCommand({
  service: 'order',
  action: 'cancel',
  payload: CancelOrderPayload,
  description: 'Compensation of order.create: mark the order CANCELLED (a no-op tombstone if never created).',
});
