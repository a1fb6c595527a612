import type { ReplyPayload } from '@app/contracts';
import type { StepError } from './saga-instance';

export interface SagaStarted {
  type: 'started';
}

interface ReplyTo {
  stepName: string;
  /** The id of the command this reply answers (its causation id). */
  commandId: string;
}

export interface ReplySucceeded extends ReplyTo {
  type: 'reply-success';
  result?: unknown;
}

export interface ReplyFailed extends ReplyTo {
  type: 'reply-business-failure' | 'reply-transient-failure';
  error: StepError;
}

export type ReplyEvent = ReplySucceeded | ReplyFailed;

/** The saga's pending deadline (reply timeout, delivery check or retry backoff) may have passed. */
export interface DeadlineReached {
  type: 'deadline-reached';
  /**
   * Set when the runtime saw that the awaited command has not been delivered to its participant
   * yet: the step does not time out (its participant never had the command), it looks again after
   * `recheckMs`, unless the step's queue-wait limit has run out. Absent: delivered, or unknowable.
   */
  undelivered?: { recheckMs: number };
}

export interface OperatorRetry {
  type: 'operator-retry';
  reason?: string;
}

export interface OperatorAbort {
  type: 'operator-abort';
  reason: string;
}

export type SagaEvent = SagaStarted | ReplyEvent | DeadlineReached | OperatorRetry | OperatorAbort;

/** A participant's reply payload as the saga reads it: the contracts' `ReplyPayload` and its `result`. */
export type ParticipantReply = ReplyPayload & { result?: unknown };

const NO_REASON: StepError = { code: 'UNSPECIFIED', message: 'the participant gave no reason' };

/** Maps a received reply onto the event the state machine understands. */
export function replyEvent(stepName: string, commandId: string, reply: ParticipantReply): ReplyEvent {
  switch (reply.outcome) {
    case 'SUCCESS':
      return { type: 'reply-success', stepName, commandId, result: reply.result };
    case 'BUSINESS_FAILURE':
      return { type: 'reply-business-failure', stepName, commandId, error: reply.error ?? NO_REASON };
    case 'TRANSIENT_FAILURE':
      return { type: 'reply-transient-failure', stepName, commandId, error: reply.error ?? NO_REASON };
  }
}
