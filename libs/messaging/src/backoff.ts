/** Redelivery delays: exponential in the number of failed deliveries, capped, with full jitter by default. */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  multiplier: number;
  /** Full jitter (a uniform delay in `[0, ceiling]`) spreads retries of many failing messages; default true. */
  jitter?: boolean;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  initialMs: 1_000,
  maxMs: 60_000,
  multiplier: 2,
  jitter: true,
};

/** The delay before the next delivery of a message that has now failed `failedDeliveries` times (1-based). */
export function backoffDelayMs(
  policy: BackoffPolicy,
  failedDeliveries: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, failedDeliveries - 1);
  const ceiling = Math.min(policy.maxMs, policy.initialMs * policy.multiplier ** exponent);
  return Math.round(policy.jitter === false ? ceiling : random() * ceiling);
}
