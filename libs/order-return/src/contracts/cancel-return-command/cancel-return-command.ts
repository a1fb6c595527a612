import { BoundedString, defineCommand, MAX_REASON_LENGTH } from '@app/contracts';
import { IsIn, IsUUID } from 'class-validator';
import { ReturnScoped } from '../shared/return-scoped';
import { ReturnStatus } from '../shared/return-status';

export class CancelReturnPayload extends ReturnScoped {
  /** Why the saga gave the return up (not the customer's reason for returning). */
  @BoundedString(MAX_REASON_LENGTH)
  reason: string;
}

export class CancelReturnReplyResult {
  @IsUUID()
  returnId: string;

  @IsIn([ReturnStatus.REJECTED])
  status: typeof ReturnStatus.REJECTED;
}

export const CancelReturnCommand = defineCommand({
  service: 'order',
  action: 'cancel-return',
  payload: CancelReturnPayload,
  description:
    'Compensation of order.request-return: mark the return REJECTED, freeing the quantities it held ' +
    '(a no-op tombstone if never requested).',
  result: CancelReturnReplyResult,
  replyDescription: 'Outcome of order.cancel-return; the return is REJECTED on success.',
});
