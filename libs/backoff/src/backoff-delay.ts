/**
 * How a retry delay spreads the retries of many things that failed together:
 * - `none`: the whole ceiling, for tests and for a single waiter;
 * - `equal`: uniform in `[ceiling / 2, ceiling]` — never an immediate retry, so a failure that
 *   has not passed yet is not handed straight back (message redelivery, the outbox relay);
 * - `full`: uniform in `[0, ceiling)` — the widest spread, for saga step retries whose ceiling is
 *   already the patience of the saga.
 */
export type Jitter = 'none' | 'equal' | 'full';

/** Exponential in the number of failures, capped. */
export interface Backoff {
  initialMs: number;
  maxMs: number;
  /** Growth per failure; 2 unless said otherwise. */
  multiplier?: number;
  jitter: Jitter;
}

/**
 * The delay in whole milliseconds before the next try of something that has now failed
 * `failures` times (1-based; a first or nonsensical count is the first failure).
 */
export function backoffDelayMs(
  backoff: Backoff,
  failures: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, failures - 1);
  const ceiling = Math.min(backoff.maxMs, backoff.initialMs * (backoff.multiplier ?? 2) ** exponent);
  switch (backoff.jitter) {
    case 'none':
      return Math.round(ceiling);
    case 'equal':
      return Math.round(ceiling / 2 + (random() * ceiling) / 2);
    case 'full':
      return Math.floor(random() * ceiling);
  }
}
