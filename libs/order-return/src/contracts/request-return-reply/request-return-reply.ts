import { defineReply, ReplyPayload, ReplyResult } from '@app/contracts';
import { IsIn, IsUUID } from 'class-validator';
import { RequestReturnCommand } from '../request-return-command/request-return-command';
import { RefundCents } from '../shared/refund-cents';
import { ReturnStatus } from '../shared/return-status';

export class RequestReturnReplyResult {
  @IsUUID()
  returnId: string;

  @IsIn([ReturnStatus.PENDING])
  status: typeof ReturnStatus.PENDING;

  /** Σ quantity × the order's unit price of every returned item: what the refund will be. */
  @RefundCents()
  refundCents: number;
}

export class RequestReturnReplyPayload extends ReplyPayload {
  @ReplyResult(() => RequestReturnReplyResult)
  result?: RequestReturnReplyResult;
}

export const RequestReturnReply = defineReply(
  RequestReturnCommand,
  RequestReturnReplyPayload,
  'Outcome of order.request-return; the return is PENDING on success, ' +
    'RETURN_NOT_ALLOWED or RETURN_EXCEEDS_ORDER on business failure.',
);
