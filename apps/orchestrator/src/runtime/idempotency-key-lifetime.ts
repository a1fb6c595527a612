/** When a start's Idempotency-Key was used, and before when a key's use has expired. */
export interface IdempotencyKeyWindow {
  /** The start request's time (its `occurred-at`), never later than `now`. */
  idempotencyKeyAt: Date;
  /** A saga that took the same key before this moment no longer owns it. */
  keyExpiredBefore: Date;
}

/**
 * The lifetime counts from the request that first used the key, on the gateway's clock (the
 * same clock that timed the key out of the gateway's memory), so both sides agree on when the
 * key is new again. A time that cannot be read, or lies in the future, counts as now.
 */
export function idempotencyKeyWindow(occurredAt: string, ttlMs: number, now: Date): IdempotencyKeyWindow {
  const sent = Date.parse(occurredAt);
  const at = Number.isFinite(sent) ? Math.min(sent, now.getTime()) : now.getTime();
  return { idempotencyKeyAt: new Date(at), keyExpiredBefore: new Date(at - ttlMs) };
}
