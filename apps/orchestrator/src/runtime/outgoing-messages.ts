import { Headers, SagaFinishedEvent } from '@app/contracts';
import { type MessageIds, type StoredMessage, storedMessage } from '@app/messaging';
import type { OutboxRecord } from '@app/persistence';
import type { SagaEffect } from '@app/saga-core';

export interface MessageOrigin {
  sagaId: string;
  sagaType: string;
  correlationId: string;
  /** The saga's business key (null: it has none), sent with every command it sends. */
  businessKey: string | null;
  /** The message whose handling sent the messages; for a deadline, the command that timed out or failed. */
  causationId?: string;
  /** Id of a message that is not a command (a command's id is its own `commandId`). */
  newId: () => string;
}

/**
 * The outbox rows for what `effects` publish: each command sent (row id = command id →
 * `Nats-Msg-Id`, so a resent row is deduplicated) and, when the saga ended, `SagaFinishedEvent`.
 * A command carries the saga's business key in its `business-key` header: participants key
 * their idempotency on it, so the same action for two sagas about one order (two returns of it)
 * is two effects, while a command re-sent by one saga stays one.
 */
export function outboxRecordsFor(effects: readonly SagaEffect[], origin: MessageOrigin): OutboxRecord[] {
  return effects.flatMap((effect) => {
    switch (effect.type) {
      case 'send-command':
        return [
          withBusinessKey(
            storedMessage(effect.contract, effect.payload, idsOf(effect.commandId, origin)),
            origin,
          ),
        ];
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

function withBusinessKey(message: StoredMessage, { businessKey }: MessageOrigin): StoredMessage {
  if (businessKey === null) return message;
  return { ...message, headers: { ...message.headers, [Headers.businessKey]: businessKey } };
}
