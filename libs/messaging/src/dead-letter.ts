import {
  DeadLetterEvent,
  DeadLetterPayload,
  Headers,
  MAX_REASON_LENGTH,
  deadLetterSubject,
} from '@app/contracts';
import { headersByteLength } from './message-headers';

export interface DeadLetterMessage {
  subject: string;
  headers: Record<string, string>;
  body: string;
  msgId: string;
}

/**
 * The `SAGA_DLQ` message that parks `letter`. Its id is derived from the consumer and the
 * original message id, so dead-lettering again after a lost ack is deduplicated by the stream,
 * while two consumers that both give up on one event each leave their own record. A reason
 * longer than the contract allows is shortened; a body that would not fit `maxPayload` is
 * truncated, and the reason says so.
 */
export function deadLetterMessage(
  letter: DeadLetterPayload,
  originalId: string,
  maxPayload: number,
  failedAt: Date,
): DeadLetterMessage {
  const msgId = `dlq:${letter.consumer}:${originalId}`;
  const headers: Record<string, string> = {
    [Headers.messageId]: msgId,
    [Headers.messageType]: DeadLetterEvent.type,
    [Headers.messageVersion]: String(DeadLetterEvent.version),
    [Headers.correlationId]: letter.headers[Headers.correlationId] ?? originalId,
    [Headers.causationId]: originalId,
    [Headers.occurredAt]: failedAt.toISOString(),
  };
  const sagaId = letter.headers[Headers.sagaId];
  if (sagaId !== undefined) headers[Headers.sagaId] = sagaId;
  const body = fitBody(letter, maxPayload - headersByteLength(headers));
  return { subject: deadLetterSubject(letter.originalSubject), headers, body, msgId };
}

function fitBody(letter: DeadLetterPayload, budget: number): string {
  const fitted = { ...letter, reason: shorten(letter.reason, MAX_REASON_LENGTH) };
  const whole = JSON.stringify(fitted);
  if (Buffer.byteLength(whole) <= budget) return whole;
  const note = ` (payload truncated from ${Buffer.byteLength(letter.payload)} bytes)`;
  const reason = shorten(letter.reason, MAX_REASON_LENGTH - note.length) + note;
  const withPayload = (payload: string) => JSON.stringify({ ...fitted, payload, reason });
  const overhead = Buffer.byteLength(withPayload(''));
  // Escaping makes the encoded size of a prefix grow unevenly, so shrink proportionally until it fits.
  let keep = letter.payload.length;
  let body = withPayload(letter.payload);
  while (Buffer.byteLength(body) > budget && keep > 0) {
    const encoded = Buffer.byteLength(body) - overhead;
    keep = Math.min(keep - 1, Math.floor((keep * (budget - overhead)) / encoded));
    body = withPayload(letter.payload.slice(0, Math.max(0, keep)));
  }
  return body;
}

function shorten(text: string, maxLength: number): string {
  return text.length <= maxLength ? text : `${text.slice(0, maxLength - 1)}…`;
}
