import { type Backoff, backoffDelayMs } from '@app/backoff';
import type { RandomSource } from './ports/random-source';

/** Exponential backoff; `maxAttempts` counts every attempt, the first one included. */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  readonly multiplier: number;
  /** Full jitter: wait a uniformly random time between 0 and the exponential delay. */
  readonly jitter: boolean;
}

export const DEFAULT_STEP_RETRY: RetryPolicy = Object.freeze({
  maxAttempts: 3,
  initialBackoffMs: 100,
  maxBackoffMs: 2_000,
  multiplier: 2,
  jitter: true,
});

export const DEFAULT_COMPENSATION_RETRY: RetryPolicy = Object.freeze({
  maxAttempts: 10,
  initialBackoffMs: 100,
  maxBackoffMs: 5_000,
  multiplier: 2,
  jitter: true,
});

/**
 * How long to wait before attempt `failedAttempts + 1`. The exponential delay is capped at
 * `maxBackoffMs`; full jitter spreads the retries of many sagas failing together.
 */
export function stepRetryDelayMs(policy: RetryPolicy, failedAttempts: number, random: RandomSource): number {
  const backoff: Backoff = {
    initialMs: policy.initialBackoffMs,
    maxMs: policy.maxBackoffMs,
    multiplier: policy.multiplier,
    jitter: policy.jitter ? 'full' : 'none',
  };
  return backoffDelayMs(backoff, failedAttempts, () => random.next());
}

export function hasAttemptsLeft(policy: RetryPolicy, attemptsMade: number): boolean {
  return attemptsMade < policy.maxAttempts;
}
