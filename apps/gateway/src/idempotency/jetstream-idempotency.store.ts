import { JsonKvBucket, type NatsConnection } from '@app/messaging';
import { sha256Hex } from '../orders/request-fingerprint';
import type { IdempotencyClaim, IdempotencyRecord, IdempotencyStore } from './idempotency-store';

export const IDEMPOTENCY_BUCKET = 'idempotency-keys';
/** A client may replay a request with the same key for this long; then the key is forgotten. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1_000;

/**
 * Idempotency keys in a JetStream KeyValue bucket. The KV key is the sha256 hex of the header
 * value (KV keys allow only a restricted charset); `create` only succeeds for a key without a
 * live value, which makes it the arbiter between concurrent requests on any replica.
 */
export class JetStreamIdempotencyStore implements IdempotencyStore {
  constructor(private readonly bucket: JsonKvBucket<IdempotencyRecord>) {}

  static async open(connection: NatsConnection, replicas: number): Promise<JetStreamIdempotencyStore> {
    const bucket = await JsonKvBucket.open<IdempotencyRecord>(connection, {
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
      if (await this.bucket.create(kvKey, record)) return { created: true };
      const existing = await this.bucket.get(kvKey);
      if (existing) return { created: false, existing };
      if (attempt === 2) throw new Error(`idempotency key ${kvKey} is claimed but has no readable value`);
    }
  }
}
