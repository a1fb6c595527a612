import { IsIn } from 'class-validator';
import { defineCommand } from '../../contract-builders';
import { OrderStatus } from '../../shared/domain-values';
import { OrderScoped } from '../../shared/order-scoped';

export class ApproveOrderPayload extends OrderScoped {}

export class ApproveOrderReplyResult extends OrderScoped {
  @IsIn([OrderStatus.APPROVED])
  status: typeof OrderStatus.APPROVED;
}

export const ApproveOrderCommand = defineCommand({
  service: 'order',
  action: 'approve',
  payload: ApproveOrderPayload,
  description: 'Mark the order APPROVED once shipment is scheduled and payment captured.',
  result: ApproveOrderReplyResult,
  replyDescription: 'Outcome of order.approve; the order is APPROVED on success.',
});
