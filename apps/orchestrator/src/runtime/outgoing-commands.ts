import { buildHeaders } from '@app/messaging';
import type { OutboxRecord } from '@app/persistence';
import type { SagaEffect, SendCommand } from '@app/saga-core';

export interface CommandOrigin {
  sagaId: string;
  correlationId: string;
  /** The message whose handling sent the commands; for a deadline, the command that timed out or failed. */
  causationId?: string;
}

/** The outbox rows for the commands among `effects`; each row id is the command id (→ `Nats-Msg-Id`). */
export function outboxRecordsFor(effects: readonly SagaEffect[], origin: CommandOrigin): OutboxRecord[] {
  return effects
    .filter((effect): effect is SendCommand => effect.type === 'send-command')
    .map((command) => ({
      id: command.commandId,
      subject: command.contract.subject,
      payload: command.payload,
      headers: buildHeaders({
        subject: command.contract.subject,
        payload: command.payload,
        messageId: command.commandId,
        type: command.contract.type,
        version: command.contract.version,
        sagaId: origin.sagaId,
        correlationId: origin.correlationId,
        causationId: origin.causationId,
      }),
    }));
}
