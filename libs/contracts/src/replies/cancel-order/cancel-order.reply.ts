import { IsIn } from 'class-validator';
import { CancelOrderCommand } from '../../commands/cancel-order/cancel-order.command';
import { defineReply } from '../../contract-builders';
import { OrderStatus } from '../../shared/domain-values';
import { OrderScoped } from '../../shared/order-scoped';
import { ReplyPayload, ReplyResult } from '../reply-payload';

export class CancelOrderReplyResult extends OrderScoped {
  @IsIn([OrderStatus.CANCELLED])
  status: typeof OrderStatus.CANCELLED;
}

export class CancelOrderReplyPayload extends ReplyPayload {
  @ReplyResult(() => CancelOrderReplyResult)
  result?: CancelOrderReplyResult;
}

export const CancelOrderReply = defineReply(
  CancelOrderCommand,
  CancelOrderReplyPayload,
  'Outcome of order.cancel; the order is CANCELLED on success.',
);
