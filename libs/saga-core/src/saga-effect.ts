import type { MessageContract } from '@app/contracts';
import type { DeadlineReason } from './saga-instance';
import type { TerminalSagaStatus } from './statuses';

export interface SendCommand {
  type: 'send-command';
  commandId: string;
  contract: MessageContract;
  payload: object;
  stepName: string;
  compensation: boolean;
}

/** Replaces any deadline scheduled before: a saga has at most one. */
export interface ScheduleDeadline {
  type: 'schedule-deadline';
  at: string;
  reason: DeadlineReason;
  stepName: string;
}

export interface CancelDeadline {
  type: 'cancel-deadline';
}

export type TimelineKind =
  | 'saga-started'
  | 'duplicate-start'
  | 'command-sent'
  | 'compensation-sent'
  | 'reply-received'
  | 'late-reply'
  | 'duplicate-reply'
  | 'timeout'
  /** The reply timeout fell due before the command reached its participant: the step waits for delivery. */
  | 'command-queued'
  /** A queued command reached its participant: its reply timeout starts now. */
  | 'command-delivered'
  | 'retry-scheduled'
  /** The saga was still running at its deadline: aborted before the pivot, going on after it. */
  | 'saga-deadline-passed'
  | 'retries-exhausted'
  | 'compensation-started'
  | 'operator-retry'
  | 'operator-abort'
  | 'operator-refused'
  /** Written by the orchestrator, not by `transition`: an operator acted on one of the saga's dead letters. */
  | 'dead-letter-replayed'
  | 'dead-letter-deleted'
  | 'saga-finished';

/** One entry of the saga's append-only timeline. */
export interface TimelineEntry {
  type: 'timeline';
  at: string;
  kind: TimelineKind;
  step: string | null;
  detail: Record<string, unknown>;
}

export interface SagaFinished {
  type: 'finished';
  status: TerminalSagaStatus;
}

export type SagaEffect = SendCommand | ScheduleDeadline | CancelDeadline | TimelineEntry | SagaFinished;
