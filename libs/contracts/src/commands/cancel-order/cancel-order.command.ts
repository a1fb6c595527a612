import { IsIn } from 'class-validator';
import { defineCommand } from '../../contract-builders';
import { OrderStatus } from '../../shared/domain-values';
import { OrderScoped } from '../../shared/order-scoped';
import { BoundedString } from '../../validation/field-decorators';
import { MAX_REASON_LENGTH } from '../../validation/limits';

export class CancelOrderPayload extends OrderScoped {
  @BoundedString(MAX_REASON_LENGTH)
  reason: string;
}

export class CancelOrderReplyResult extends OrderScoped {
  @IsIn([OrderStatus.CANCELLED])
  status: typeof OrderStatus.CANCELLED;
}

export const CancelOrderCommand = defineCommand({
  service: 'order',
  action: 'cancel',
  payload: CancelOrderPayload,
  description: 'Compensation of order.create: mark the order CANCELLED (a no-op tombstone if never created).',
  result: CancelOrderReplyResult,
  replyDescription: 'Outcome of order.cancel; the order is CANCELLED on success.',
});
