import {
  DEAD_LETTER_SUBJECT_PREFIX,
  DeadLetterEvent,
  Headers,
  deadLetterSubject,
  validatePayload,
} from '@app/contracts';
import { replaySubjectRefusal } from './dead-letter-replay';
import type { DeadLetterEntry } from './dead-letter-store';

/** A message as the dead-letter stream stored it. */
export interface StoredDeadLetter {
  seq: number;
  subject: string;
  headers: Record<string, string>;
  body: Uint8Array;
  storedAt: Date;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a `SAGA_DLQ` message. One that is not a valid dead-letter record (someone published
 * there by hand, a future version, a record naming another subject than the one it was parked
 * under) is still listed, marked not replayable, with its own headers and raw body, so that an
 * operator can see and delete it. A valid record is replayable only to a subject within
 * `REPLAYABLE_SUBJECTS`.
 */
export function toDeadLetterEntry(stored: StoredDeadLetter): DeadLetterEntry {
  const problem = (detail: string): DeadLetterEntry => ({
    id: stored.seq,
    sagaId: stored.headers[Headers.sagaId] ?? null,
    originalSubject: stored.subject.startsWith(DEAD_LETTER_SUBJECT_PREFIX)
      ? stored.subject.slice(DEAD_LETTER_SUBJECT_PREFIX.length)
      : stored.subject,
    headers: stored.headers,
    payload: Buffer.from(stored.body).toString('utf8'),
    reason: `unreadable dead-letter record: ${detail}`,
    deliveryCount: 0,
    consumer: null,
    at: stored.storedAt.toISOString(),
    replayable: false,
  });
  let plain: unknown;
  try {
    plain = JSON.parse(decoder.decode(stored.body));
  } catch (error) {
    return problem(`body is not JSON (${(error as Error).message})`);
  }
  const checked = validatePayload(DeadLetterEvent, plain);
  if (!checked.ok) return problem(checked.errors.join('; '));
  const letter = checked.value;
  if (stored.subject !== deadLetterSubject(letter.originalSubject)) {
    return problem(
      `it names '${letter.originalSubject}' as its subject but was parked on '${stored.subject}'`,
    );
  }
  return {
    id: stored.seq,
    sagaId: stored.headers[Headers.sagaId] ?? letter.headers[Headers.sagaId] ?? null,
    originalSubject: letter.originalSubject,
    headers: letter.headers,
    payload: letter.payload,
    reason: letter.reason,
    deliveryCount: letter.deliveryCount,
    consumer: letter.consumer,
    at: letter.failedAt,
    replayable: replaySubjectRefusal(letter.originalSubject) === undefined,
  };
}
