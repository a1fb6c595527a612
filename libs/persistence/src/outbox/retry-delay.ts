export interface RetryBackoff {
  initialMs: number;
  maxMs: number;
}

/** Exponential backoff with jitter, so relays that failed together do not retry in lockstep. */
export function retryDelayMs(
  attempt: number,
  { initialMs, maxMs }: RetryBackoff,
  random = Math.random,
): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
