import type { SagaInstance, StepError } from '@app/saga-core';

/**
 * A step that keeps failing yet keeps being retried: after the pivot a retriable step is retried
 * until it succeeds, so the saga never ends FAILED and nothing else would tell an operator that
 * a participant has been refusing it for a while.
 */
export interface StepAttention {
  step: string;
  /** Commands sent for the step so far, the first one included. */
  attempts: number;
  /** When the step's first command was sent (ISO-8601). */
  since: string | null;
  /** What the last failed attempt answered (or `STEP_TIMEOUT`). */
  lastError: StepError;
}

/** `SAGA_ATTENTION_AFTER_ATTEMPTS`'s default: about half a minute to a minute of failing at the default backoffs. */
export const DEFAULT_ATTENTION_AFTER_ATTEMPTS = 10;

/**
 * The saga's current step when it needs attention: the saga is running forward, the step is
 * still in progress, has failed (it carries an error, cleared when it succeeds) and has used
 * `afterAttempts` attempts or more. Compensations are not covered: their retries are bounded,
 * and running out of them ends the saga FAILED, which is alerted on by itself. Lists and counts
 * use the same rule in SQL: `stepNeedsAttentionSql` (persistence/queries).
 */
export function stepNeedingAttention(
  instance: SagaInstance<unknown>,
  afterAttempts: number,
): StepAttention | null {
  if (instance.status !== 'RUNNING') return null;
  const step = instance.steps.find((candidate) => candidate.name === instance.currentStep);
  if (!step || step.status !== 'RUNNING' || step.error === null || step.attempts < afterAttempts) return null;
  return { step: step.name, attempts: step.attempts, since: step.startedAt, lastError: step.error };
}
