import type { MessageContract } from '@app/contracts';
import type { ParticipantHarness } from '@app/participant/testing/participant-harness';
import { RETURN_BUSINESS_KEY } from '../order-return.business-key';

/**
 * Publishes a return's command to a participant as the orchestrator does: keyed by its return id,
 * unless `businessKey` says otherwise (null: no `business-key` header, as before the header existed).
 */
export function sendReturnCommand<P extends { returnId: string }>(
  harness: Pick<ParticipantHarness, 'send'>,
  contract: MessageContract<P>,
  payload: P,
  options: { messageId?: string; businessKey?: string | null } = {},
): Promise<string> {
  const businessKey =
    options.businessKey === undefined ? RETURN_BUSINESS_KEY.of(payload) : (options.businessKey ?? undefined);
  return harness.send(contract, payload, options.messageId, businessKey);
}
