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
  timeoutMs?: number | null;
  queueTimeoutMs?: number | null;
  retry?: Partial<RetryPolicy>;
  compensationRetry?: Partial<RetryPolicy>;
}

export interface SagaOptions {
  /** Reply timeout of every step that sets none; default: no timeout. */
  timeoutMs?: number | null;
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
