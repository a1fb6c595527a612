import { defineCommand, LineItems, SkuQuantity } from '@app/contracts';
import { IsIn, IsUUID } from 'class-validator';
import { RefundCents } from '../shared/refund-cents';
import { ReturnReason } from '../shared/return-reason';
import { ReturnScoped } from '../shared/return-scoped';
import { ReturnStatus } from '../shared/return-status';

export class RequestReturnPayload extends ReturnScoped {
  @LineItems(() => SkuQuantity)
  items: SkuQuantity[];

  @ReturnReason()
  reason: string;
}

export class RequestReturnReplyResult {
  @IsUUID()
  returnId: string;

  @IsIn([ReturnStatus.PENDING])
  status: typeof ReturnStatus.PENDING;

  /** Σ quantity × the order's unit price of every returned item: what the refund will be. */
  @RefundCents()
  refundCents: number;
}

export const RequestReturnCommand = defineCommand({
  service: 'order',
  action: 'request-return',
  payload: RequestReturnPayload,
  description:
    'Record a PENDING return of items of an APPROVED order, holding their quantities; ' +
    'RETURN_NOT_ALLOWED or RETURN_EXCEEDS_ORDER records it REJECTED instead.',
  result: RequestReturnReplyResult,
  replyDescription:
    'Outcome of order.request-return; the return is PENDING on success, ' +
    'RETURN_NOT_ALLOWED or RETURN_EXCEEDS_ORDER on business failure.',
});
