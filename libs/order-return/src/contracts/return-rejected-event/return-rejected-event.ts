import { BoundedString, defineEvent, MAX_REASON_LENGTH } from '@app/contracts';
import { ReturnScoped } from '../shared/return-scoped';

export class ReturnRejectedPayload extends ReturnScoped {
  /** Why it was rejected: the refused request's message, or the saga's cancellation reason. */
  @BoundedString(MAX_REASON_LENGTH)
  reason: string;
}

export const ReturnRejectedEvent = defineEvent({
  service: 'order',
  entity: 'return',
  action: 'rejected',
  payload: ReturnRejectedPayload,
  description: 'A return was refused or cancelled; it holds no quantities and refunds nothing.',
});
