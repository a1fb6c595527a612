import { SagaFinishedEvent } from '@app/contracts';
import { type MessageIds, storedMessage } from '@app/messaging';
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
        return [storedMessage(effect.contract, effect.payload, idsOf(effect.commandId, origin))];
      case 'finished':
        return [
          storedMessage(
            SagaFinishedEvent,
            { sagaId: origin.sagaId, sagaType: origin.sagaType, status: effect.status },
            idsOf(origin.newId(), origin),
          ),
        ];
      default:
        return [];
    }
  });
}

function idsOf(messageId: string, { sagaId, correlationId, causationId }: MessageOrigin): MessageIds {
  return { messageId, sagaId, correlationId, causationId };
}
