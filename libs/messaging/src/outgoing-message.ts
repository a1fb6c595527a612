import { Headers } from '@app/contracts';
import { currentContext, injectTraceContext } from '@app/observability';

export interface OutgoingMessage {
  subject: string;
  payload: unknown;
  /** Becomes `Nats-Msg-Id`: JetStream stores a message id once within the duplicate window. */
  messageId: string;
  type: string;
  version: number;
  sagaId?: string;
  /** Defaults to the current context's correlation id, else to `messageId` (this message starts a conversation). */
  correlationId?: string;
  /** Defaults to the current context's causation id (inside a handler: the id of the message being handled). */
  causationId?: string;
  /** ISO 8601; defaults to now. */
  occurredAt?: string;
}

/**
 * Every standard header of a message, with the ids the message leaves unset taken from the
 * correlation context and the W3C trace context of the active span.
 */
export function buildHeaders(message: OutgoingMessage): Record<string, string> {
  const ambient = currentContext();
  const headers: Record<string, string> = {
    [Headers.messageId]: message.messageId,
    [Headers.messageType]: message.type,
    [Headers.messageVersion]: String(message.version),
    [Headers.correlationId]: message.correlationId ?? ambient.correlationId ?? message.messageId,
    [Headers.occurredAt]: message.occurredAt ?? new Date().toISOString(),
  };
  const sagaId = message.sagaId ?? ambient.sagaId;
  if (sagaId !== undefined) headers[Headers.sagaId] = sagaId;
  const causationId = message.causationId ?? ambient.causationId;
  if (causationId !== undefined) headers[Headers.causationId] = causationId;
  injectTraceContext(headers);
  return headers;
}
