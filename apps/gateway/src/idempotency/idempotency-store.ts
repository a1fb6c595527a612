/** What the gateway remembers about an `Idempotency-Key`: which body it came with, which ids it got. */
export interface IdempotencyRecord {
  /** sha256 hex of the canonical JSON of the validated body. */
  bodyHash: string;
  orderId: string;
  sagaId: string;
}

export type IdempotencyClaim = { created: true } | { created: false; existing: IdempotencyRecord };

/**
 * Durable memory of idempotency keys shared by every gateway replica. `claim` is atomic: of two
 * concurrent claims of one key exactly one is `created`, the other sees the winner's record.
 */
export interface IdempotencyStore {
  claim(key: string, record: IdempotencyRecord): Promise<IdempotencyClaim>;
}

export const IDEMPOTENCY_STORE = Symbol('IDEMPOTENCY_STORE');
