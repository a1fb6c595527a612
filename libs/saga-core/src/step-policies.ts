import { DEFAULT_COMPENSATION_RETRY, DEFAULT_STEP_RETRY, type RetryPolicy } from './retry-policy';
import type { SagaOptions, StepDraft, StepTimeout } from './saga-draft';

/** A step's retry policy: step settings over saga settings over defaults; retriable steps never give up by default. */
export function stepRetryPolicy(options: SagaOptions, step: StepDraft<unknown>): RetryPolicy {
  const base = { ...DEFAULT_STEP_RETRY, ...options.retry };
  const kindDefault = step.kind === 'retriable' ? { ...base, maxAttempts: Number.POSITIVE_INFINITY } : base;
  return { ...kindDefault, ...step.retry };
}

export function compensationRetryPolicy(options: SagaOptions, step: StepDraft<unknown>): RetryPolicy {
  return { ...DEFAULT_COMPENSATION_RETRY, ...options.compensationRetry, ...step.compensationRetry };
}

/** The step's own timeout, else the saga's; undefined when neither sets one (a definition error). */
export function stepTimeout(options: SagaOptions, step: StepDraft<unknown>): StepTimeout | undefined {
  return step.timeoutMs ?? options.timeoutMs;
}

/** The resolved reply timeout: null for a step declared unbounded. */
export function stepTimeoutMs(options: SagaOptions, step: StepDraft<unknown>): number | null {
  const timeout = stepTimeout(options, step);
  return timeout === undefined || timeout === 'none' ? null : timeout;
}

export function stepQueueTimeoutMs(options: SagaOptions, step: StepDraft<unknown>): number | null {
  return step.queueTimeoutMs !== undefined ? step.queueTimeoutMs : (options.queueTimeoutMs ?? null);
}
