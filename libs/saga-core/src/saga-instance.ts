import type { SagaDefinition } from './saga-definition';
import type { SagaStatus, StepKind, StepStatus } from './statuses';

export interface StepError {
  readonly code: string;
  readonly message: string;
}

export interface StepState {
  name: string;
  kind: StepKind;
  status: StepStatus;
  /** Forward commands sent (first try plus retries). */
  attempts: number;
  compensationAttempts: number;
  /** ISO-8601 timestamps. */
  startedAt: string | null;
  endedAt: string | null;
  error: StepError | null;
  /** The command awaiting a reply (forward or compensation); replies to any other id are late. */
  lastCommandId: string | null;
  /** When `lastCommandId` was sent (ISO-8601): how long it has waited to be delivered counts from here. */
  lastCommandAt: string | null;
  /** What onReply recorded for the compensation; null when nothing was recorded. */
  compensationInput: unknown;
}

/**
 * `timeout`: the participant has had the command for the step's `timeoutMs` without replying.
 * `awaiting-delivery`: the command has not reached its participant yet (it is down, or behind a
 * backlog); when this falls due the runtime looks again, and the reply timeout starts once it has.
 * `retry-backoff`: the step waits to resend its command.
 * `saga-deadline`: the saga's own deadline (`deadlineMs`), due before the step's reply timeout.
 */
export type DeadlineReason = 'timeout' | 'awaiting-delivery' | 'retry-backoff' | 'saga-deadline';

/**
 * A saga waits on at most one deadline at a time: its current step's reply timeout, delivery
 * check or retry backoff, or the saga's deadline when that comes first.
 */
export interface Deadline {
  at: string;
  reason: DeadlineReason;
  step: string;
}

/** Plain JSON-serialisable saga state; `version` is the definition version it runs on. */
export interface SagaInstance<D> {
  sagaId: string;
  type: string;
  version: number;
  status: SagaStatus;
  currentStep: string;
  data: D;
  steps: StepState[];
  deadline: Deadline | null;
}

/** A new instance, all steps PENDING; apply the `started` event to send the first command. */
export function createSagaInstance<D>(
  definition: SagaDefinition<D>,
  sagaId: string,
  data: D,
): SagaInstance<D> {
  return {
    sagaId,
    type: definition.type,
    version: definition.version,
    status: 'RUNNING',
    currentStep: definition.steps[0].name,
    data,
    steps: definition.steps.map((step) => ({
      name: step.name,
      kind: step.kind,
      status: 'PENDING',
      attempts: 0,
      compensationAttempts: 0,
      startedAt: null,
      endedAt: null,
      error: null,
      lastCommandId: null,
      lastCommandAt: null,
      compensationInput: null,
    })),
    deadline: null,
  };
}
