import { backoffDelayMs } from '@app/backoff';

/** Redelivery delays: exponential in the number of failed deliveries, capped, with jitter by default. */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  multiplier: number;
  /**
   * Jitter spreads the retries of many failing messages: a uniform delay in `[ceiling / 2, ceiling]`
   * ("equal jitter"). Not full jitter's `[0, ceiling]`: a delay near 0 would hand a message that just
   * failed straight back, before the cause had any time to pass and ahead of the messages behind it.
   * Default true.
   */
  jitter?: boolean;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  initialMs: 1_000,
  maxMs: 60_000,
  multiplier: 2,
  jitter: true,
};

/** The delay before the next delivery of a message that has now failed `failedDeliveries` times (1-based). */
export function redeliveryDelayMs(
  policy: BackoffPolicy,
  failedDeliveries: number,
  random: () => number = Math.random,
): number {
  return backoffDelayMs(
    { ...policy, jitter: policy.jitter === false ? 'none' : 'equal' },
    failedDeliveries,
    random,
  );
}
