/** What the gateway remembers about an `Idempotency-Key`: which body it came with, which ids it got. */
export interface IdempotencyRecord {
  /** sha256 hex of the canonical JSON of the validated body. */
  bodyHash: string;
  orderId: string;
  sagaId: string;
  /** Set for a key sent to `POST /orders/{orderId}/returns`: the return it started. */
  returnId?: string;
}

export type IdempotencyClaim = { created: true } | { created: false; existing: IdempotencyRecord };

/**
 * The requests one key is remembered for. A client may reuse a key across routes and orders (many
 * clients derive keys from their own request counter), so the same key sent to `POST /orders` and
 * to the returns of an order, or to the returns of two orders, names unrelated requests.
 */
export type IdempotencyScope = { route: 'orders' } | { route: 'returns'; orderId: string };

export const ORDERS_SCOPE: IdempotencyScope = { route: 'orders' };

/**
 * Durable memory of idempotency keys shared by every gateway replica. `claim` is atomic within a
 * scope: of two concurrent claims of one key exactly one is `created`, the other sees the
 * winner's record. Keys in different scopes never meet.
 */
export interface IdempotencyStore {
  claim(key: string, record: IdempotencyRecord, scope?: IdempotencyScope): Promise<IdempotencyClaim>;
}

export const IDEMPOTENCY_STORE = Symbol('IDEMPOTENCY_STORE');
