import { DEFAULT_COMPENSATION_RETRY, DEFAULT_STEP_RETRY, type RetryPolicy } from './retry-policy';
import type { SagaOptions, StepDraft } from './saga-draft';

/** A step's retry policy: step settings over saga settings over defaults; retriable steps never give up by default. */
export function stepRetryPolicy(options: SagaOptions, step: StepDraft<unknown>): RetryPolicy {
  const base = { ...DEFAULT_STEP_RETRY, ...options.retry };
  const kindDefault = step.kind === 'retriable' ? { ...base, maxAttempts: Number.POSITIVE_INFINITY } : base;
  return { ...kindDefault, ...step.retry };
}

export function compensationRetryPolicy(options: SagaOptions, step: StepDraft<unknown>): RetryPolicy {
  return { ...DEFAULT_COMPENSATION_RETRY, ...options.compensationRetry, ...step.compensationRetry };
}

export function stepTimeoutMs(options: SagaOptions, step: StepDraft<unknown>): number | null {
  return step.timeoutMs !== undefined ? step.timeoutMs : (options.timeoutMs ?? null);
}

export function stepQueueTimeoutMs(options: SagaOptions, step: StepDraft<unknown>): number | null {
  return step.queueTimeoutMs !== undefined ? step.queueTimeoutMs : (options.queueTimeoutMs ?? null);
}
