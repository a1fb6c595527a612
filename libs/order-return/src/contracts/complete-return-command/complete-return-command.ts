import { defineCommand } from '@app/contracts';
import { IsIn, IsUUID } from 'class-validator';
import { ReturnScoped } from '../shared/return-scoped';
import { ReturnStatus } from '../shared/return-status';

export class CompleteReturnPayload extends ReturnScoped {}

export class CompleteReturnReplyResult {
  @IsUUID()
  returnId: string;

  @IsIn([ReturnStatus.REFUNDED])
  status: typeof ReturnStatus.REFUNDED;
}

export const CompleteReturnCommand = defineCommand({
  service: 'order',
  action: 'complete-return',
  payload: CompleteReturnPayload,
  description: 'Mark a refunded return REFUNDED.',
  result: CompleteReturnReplyResult,
  replyDescription: 'Outcome of order.complete-return; the return is REFUNDED on success.',
});
