import { type MessageContract, SagaFinishedEvent } from '@app/contracts';
import { buildHeaders } from '@app/messaging';
import type { OutboxRecord } from '@app/persistence';
import type { SagaEffect } from '@app/saga-core';

export interface MessageOrigin {
  sagaId: string;
  sagaType: string;
  correlationId: string;
  /** The message whose handling sent the messages; for a deadline, the command that timed out or failed. */
  causationId?: string;
  /** Id of a message that is not a command (a command's id is its own `commandId`). */
  newId: () => string;
}

/**
 * The outbox rows for what `effects` publish: each command sent (row id = command id →
 * `Nats-Msg-Id`, so a resent row is deduplicated) and, when the saga ended, `SagaFinishedEvent`.
 */
export function outboxRecordsFor(effects: readonly SagaEffect[], origin: MessageOrigin): OutboxRecord[] {
  return effects.flatMap((effect) => {
    switch (effect.type) {
      case 'send-command':
        return [outboxRecord(effect.commandId, effect.contract, effect.payload, origin)];
      case 'finished':
        return [
          outboxRecord(
            origin.newId(),
            SagaFinishedEvent,
            { sagaId: origin.sagaId, sagaType: origin.sagaType, status: effect.status },
            origin,
          ),
        ];
      default:
        return [];
    }
  });
}

function outboxRecord(
  id: string,
  contract: MessageContract,
  payload: object,
  origin: MessageOrigin,
): OutboxRecord {
  return {
    id,
    subject: contract.subject,
    payload,
    headers: buildHeaders({
      subject: contract.subject,
      payload,
      messageId: id,
      type: contract.type,
      version: contract.version,
      sagaId: origin.sagaId,
      correlationId: origin.correlationId,
      causationId: origin.causationId,
    }),
  };
}
