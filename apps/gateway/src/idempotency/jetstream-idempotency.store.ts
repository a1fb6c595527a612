import type { KV, NatsConnection } from 'nats';
import { openKvBucket } from '../kv/open-kv-bucket';
import { sha256Hex } from '../orders/request-fingerprint';
import type { IdempotencyClaim, IdempotencyRecord, IdempotencyStore } from './idempotency-store';

export const IDEMPOTENCY_BUCKET = 'idempotency-keys';
/** A client may replay a request with the same key for this long; then the key is forgotten. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1_000;

/** JetStream's "wrong last sequence": the key already has a value. */
const KEY_EXISTS = 10071;

/**
 * Idempotency keys in a JetStream KeyValue bucket. The KV key is the sha256 hex of the header
 * value (KV keys allow only a restricted charset); `create` only succeeds for a key without a
 * live value, which makes it the arbiter between concurrent requests on any replica.
 */
export class JetStreamIdempotencyStore implements IdempotencyStore {
  constructor(private readonly bucket: KV) {}

  static async open(connection: NatsConnection, replicas: number): Promise<JetStreamIdempotencyStore> {
    const bucket = await openKvBucket(connection, {
      name: IDEMPOTENCY_BUCKET,
      description: 'Idempotency-Key (sha256 hex) -> body hash, order id, saga id',
      ttlMs: IDEMPOTENCY_TTL_MS,
      replicas,
    });
    return new JetStreamIdempotencyStore(bucket);
  }

  async claim(key: string, record: IdempotencyRecord): Promise<IdempotencyClaim> {
    const kvKey = sha256Hex(key);
    // A second round only when the winner's entry expired between our failed create and the read.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.bucket.create(kvKey, JSON.stringify(record));
        return { created: true };
      } catch (error) {
        if (!isKeyExists(error)) throw error;
      }
      const entry = await this.bucket.get(kvKey);
      if (entry?.operation === 'PUT') return { created: false, existing: entry.json<IdempotencyRecord>() };
      if (attempt === 2) throw new Error(`idempotency key ${kvKey} is claimed but has no readable value`);
    }
  }
}

function isKeyExists(error: unknown): boolean {
  return (error as { api_error?: { err_code?: number } })?.api_error?.err_code === KEY_EXISTS;
}
