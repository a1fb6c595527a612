import { defineReply, ReplyPayload, ReplyResult } from '@app/contracts';
import { IsIn, IsUUID } from 'class-validator';
import { CompleteReturnCommand } from '../complete-return-command/complete-return-command';
import { ReturnStatus } from '../shared/return-status';

export class CompleteReturnReplyResult {
  @IsUUID()
  returnId: string;

  @IsIn([ReturnStatus.REFUNDED])
  status: typeof ReturnStatus.REFUNDED;
}

export class CompleteReturnReplyPayload extends ReplyPayload {
  @ReplyResult(() => CompleteReturnReplyResult)
  result?: CompleteReturnReplyResult;
}

export const CompleteReturnReply = defineReply(
  CompleteReturnCommand,
  CompleteReturnReplyPayload,
  'Outcome of order.complete-return; the return is REFUNDED on success.',
);
