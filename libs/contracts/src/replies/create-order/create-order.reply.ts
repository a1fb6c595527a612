import { IsIn } from 'class-validator';
import { CreateOrderCommand } from '../../commands/create-order/create-order.command';
import { defineReply } from '../../contract-builders';
import { OrderStatus } from '../../shared/domain-values';
import { OrderScoped } from '../../shared/order-scoped';
import { ReplyPayload, ReplyResult } from '../reply-payload';

export class CreateOrderReplyResult extends OrderScoped {
  @IsIn([OrderStatus.PENDING])
  status: typeof OrderStatus.PENDING;
}

export class CreateOrderReplyPayload extends ReplyPayload {
  @ReplyResult(() => CreateOrderReplyResult)
  result?: CreateOrderReplyResult;
}

export const CreateOrderReply = defineReply(
  CreateOrderCommand,
  CreateOrderReplyPayload,
  'Outcome of order.create; the order is PENDING on success.',
);
