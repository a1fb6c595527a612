import { BoundedString, defineCommand, MAX_REASON_LENGTH } from '@app/contracts';
import { ReturnScoped } from '../shared/return-scoped';

export class CancelReturnPayload extends ReturnScoped {
  /** Why the saga gave the return up (not the customer's reason for returning). */
  @BoundedString(MAX_REASON_LENGTH)
  reason: string;
}

export const CancelReturnCommand = defineCommand({
  service: 'order',
  action: 'cancel-return',
  payload: CancelReturnPayload,
  description:
    'Compensation of order.request-return: mark the return REJECTED, freeing the quantities it held ' +
    '(a no-op tombstone if never requested).',
});
