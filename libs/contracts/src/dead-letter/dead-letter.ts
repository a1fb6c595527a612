import { IsString, MaxLength } from 'class-validator';
import { defineContract } from '../message-contract';
import { BoundedInt, BoundedString, Timestamp } from '../validation/field-decorators';
import { MAX_REASON_LENGTH, MAX_TEXT_LENGTH } from '../validation/limits';
import { IsStringRecord } from '../validation/is-string-record';

export const DEAD_LETTER_SUBJECT_PREFIX = 'saga.dlq.';

/** NATS caps a message at 1 MiB by default; the producer truncates a larger body to fit. */
export const MAX_DEAD_LETTER_BODY_LENGTH = 1024 * 1024;

/** Where a message that failed on `originalSubject` is parked: `saga.dlq.<originalSubject>`. */
export function deadLetterSubject(originalSubject: string): string {
  return DEAD_LETTER_SUBJECT_PREFIX + originalSubject;
}

/** A message that failed validation or exhausted its deliveries, kept for an operator to replay. */
export class DeadLetterPayload {
  @BoundedString(MAX_TEXT_LENGTH)
  originalSubject: string;

  @IsStringRecord()
  headers: Record<string, string>;

  /** The raw body as received: possibly invalid JSON, which is often why it is here. */
  @IsString()
  @MaxLength(MAX_DEAD_LETTER_BODY_LENGTH)
  payload: string;

  @BoundedString(MAX_REASON_LENGTH)
  reason: string;

  @BoundedInt(1, Number.MAX_SAFE_INTEGER)
  deliveryCount: number;

  /** The durable consumer that gave up on the message. */
  @BoundedString(MAX_TEXT_LENGTH)
  consumer: string;

  @Timestamp()
  failedAt: string;
}

export const DeadLetterEvent = defineContract({
  type: 'saga.dead-letter',
  kind: 'event',
  subject: `${DEAD_LETTER_SUBJECT_PREFIX}>`,
  version: 1,
  payload: DeadLetterPayload,
  description: 'A message parked in SAGA_DLQ, published on deadLetterSubject(originalSubject).',
});
