import { defineReply, ReplyPayload, ReplyResult } from '@app/contracts';
import { IsIn, IsUUID } from 'class-validator';
import { CancelReturnCommand } from '../cancel-return-command/cancel-return-command';
import { ReturnStatus } from '../shared/return-status';

export class CancelReturnReplyResult {
  @IsUUID()
  returnId: string;

  @IsIn([ReturnStatus.REJECTED])
  status: typeof ReturnStatus.REJECTED;
}

export class CancelReturnReplyPayload extends ReplyPayload {
  @ReplyResult(() => CancelReturnReplyResult)
  result?: CancelReturnReplyResult;
}

export const CancelReturnReply = defineReply(
  CancelReturnCommand,
  CancelReturnReplyPayload,
  'Outcome of order.cancel-return; the return is REJECTED on success.',
);
