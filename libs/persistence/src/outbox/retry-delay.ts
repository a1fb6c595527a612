import { backoffDelayMs } from '@app/backoff';

/** The outbox relay's and the database probe's retry delays: doubling from `initialMs` up to `maxMs`. */
export interface RetryBackoff {
  initialMs: number;
  maxMs: number;
}

/** With equal jitter, so relays that failed together do not retry in lockstep, nor at once. */
export function retryDelayMs(attempt: number, backoff: RetryBackoff, random = Math.random): number {
  return backoffDelayMs({ ...backoff, jitter: 'equal' }, attempt, random);
}
