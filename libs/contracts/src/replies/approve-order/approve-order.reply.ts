import { IsIn } from 'class-validator';
import { ApproveOrderCommand } from '../../commands/approve-order/approve-order.command';
import { defineReply } from '../../contract-builders';
import { OrderStatus } from '../../shared/domain-values';
import { OrderScoped } from '../../shared/order-scoped';
import { ReplyPayload, ReplyResult } from '../reply-payload';

export class ApproveOrderReplyResult extends OrderScoped {
  @IsIn([OrderStatus.APPROVED])
  status: typeof OrderStatus.APPROVED;
}

export class ApproveOrderReplyPayload extends ReplyPayload {
  @ReplyResult(() => ApproveOrderReplyResult)
  result?: ApproveOrderReplyResult;
}

export const ApproveOrderReply = defineReply(
  ApproveOrderCommand,
  ApproveOrderReplyPayload,
  'Outcome of order.approve; the order is APPROVED on success.',
);
