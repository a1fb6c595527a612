import type { RetryPolicy, SagaDefinition, StepDefinition } from '@app/saga-core';

/**
 * Deployment-level overrides of the timings a saga definition declares, so tests and demos
 * need not wait out production timeouts. Unset fields keep the definition's values.
 */
export interface SagaTuning {
  /** Every step's reply timeout. */
  stepTimeoutMs?: number;
  /** Every step's queue-wait limit: how long a command may wait undelivered. */
  queueTimeoutMs?: number;
  /** First backoff of step and compensation retries. */
  retryInitialBackoffMs?: number;
  /** Backoff cap of step and compensation retries. */
  retryMaxBackoffMs?: number;
}

/** The definition with the tuning applied to every step; the same object when nothing is tuned. */
export function tuneSagaDefinition<D>(definition: SagaDefinition<D>, tuning: SagaTuning): SagaDefinition<D> {
  if (Object.keys(tuning).length === 0) return definition;
  const steps = definition.steps.map((step): StepDefinition<D> =>
    Object.freeze({
      ...step,
      timeoutMs: tuning.stepTimeoutMs ?? step.timeoutMs,
      queueTimeoutMs: tuning.queueTimeoutMs ?? step.queueTimeoutMs,
      retry: tunePolicy(step.retry, tuning),
      compensationRetry: tunePolicy(step.compensationRetry, tuning),
    }),
  );
  return Object.freeze({ ...definition, steps: Object.freeze(steps) });
}

function tunePolicy(policy: RetryPolicy, tuning: SagaTuning): RetryPolicy {
  const initialBackoffMs = tuning.retryInitialBackoffMs ?? policy.initialBackoffMs;
  const maxBackoffMs = Math.max(initialBackoffMs, tuning.retryMaxBackoffMs ?? policy.maxBackoffMs);
  return Object.freeze({ ...policy, initialBackoffMs, maxBackoffMs });
}
