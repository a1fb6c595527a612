import type { RetryPolicy } from './retry-policy';
import type { CommandDefinition, CompensationDefinition, ReplyDefinition } from './saga-definition';
import type { StepKind } from './statuses';

/** A step as the builder collects it, before validation fills in defaults. */
export interface StepDraft<D> {
  name: string;
  kind: StepKind;
  command?: CommandDefinition<D>;
  reply?: ReplyDefinition<D>;
  compensation?: CompensationDefinition<D>;
  /** The compensation's payload function declares the `recorded` parameter. */
  compensationReadsRecordedInput?: boolean;
  /** `'none'`: declared unbounded (waits for its reply forever). */
  timeoutMs?: StepTimeout;
  queueTimeoutMs?: number | null;
  retry?: Partial<RetryPolicy>;
  compensationRetry?: Partial<RetryPolicy>;
}

/** A reply timeout in ms, or `'none'` for a step declared to wait for its reply forever. */
export type StepTimeout = number | 'none';

export interface SagaOptions {
  /**
   * Reply timeout of every step that sets none. There is no default: a step without a timeout
   * here or its own is a definition error, unless declared unbounded (`'none'`, `.unbounded()`).
   */
  timeoutMs?: StepTimeout;
  /**
   * How long the saga may run, from its first command: still RUNNING when it passes, it is aborted
   * as by an operator (compensation) before the pivot; after the pivot it goes on retrying and the
   * timeline records that the deadline passed. Default: no deadline.
   */
  deadlineMs?: number;
  /**
   * How long a command of every step that sets none may wait undelivered (its participant down or
   * behind a backlog) before the step gives up on it, as on a timeout; default: no limit.
   */
  queueTimeoutMs?: number | null;
  /** Retry policy for transient failures of every step (retriable steps default to unlimited attempts). */
  retry?: Partial<RetryPolicy>;
  compensationRetry?: Partial<RetryPolicy>;
}

export interface SagaDraft<D> {
  type: string;
  version: number;
  options: SagaOptions;
  steps: StepDraft<D>[];
}
