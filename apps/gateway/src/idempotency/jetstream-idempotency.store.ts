import { nanos } from 'nats';
import { DEFAULT_IDEMPOTENCY_KEY_TTL_MS } from '@app/config';
import { JsonKvBucket, type NatsConnection } from '@app/messaging';
import { idempotencyKvKey } from './idempotency-kv-key';
import {
  type IdempotencyClaim,
  type IdempotencyRecord,
  type IdempotencyScope,
  type IdempotencyStore,
  ORDERS_SCOPE,
} from './idempotency-store';

export const IDEMPOTENCY_BUCKET = 'idempotency-keys';
/** The lifetime a key gets when `IDEMPOTENCY_KEY_TTL_MS` is not set. */
export const IDEMPOTENCY_TTL_MS = DEFAULT_IDEMPOTENCY_KEY_TTL_MS;

/**
 * Idempotency keys in a JetStream KeyValue bucket, under `idempotencyKvKey` (the header value's
 * sha256 hex, prefixed by its scope); `create` only succeeds for a key without a live value,
 * which makes it the arbiter between concurrent requests on any replica.
 */
export class JetStreamIdempotencyStore implements IdempotencyStore {
  constructor(private readonly bucket: JsonKvBucket<IdempotencyRecord>) {}

  /**
   * `ttlMs`: the Idempotency-Key lifetime (`IDEMPOTENCY_KEY_TTL_MS`), shared with the
   * orchestrator: a client may replay a request with the same key this long, then it is new.
   */
  static async open(
    connection: NatsConnection,
    replicas: number,
    ttlMs: number = DEFAULT_IDEMPOTENCY_KEY_TTL_MS,
  ): Promise<JetStreamIdempotencyStore> {
    const bucket = await JsonKvBucket.open<IdempotencyRecord>(connection, {
      name: IDEMPOTENCY_BUCKET,
      description: 'Idempotency-Key (sha256 hex) -> body hash, order id, saga id',
      ttlMs,
      replicas,
    });
    await keepLifetime(connection, ttlMs);
    return new JetStreamIdempotencyStore(bucket);
  }

  async claim(
    key: string,
    record: IdempotencyRecord,
    scope: IdempotencyScope = ORDERS_SCOPE,
  ): Promise<IdempotencyClaim> {
    const kvKey = idempotencyKvKey(key, scope);
    // A second round only when the winner's entry expired between our failed create and the read.
    for (let attempt = 1; ; attempt++) {
      if (await this.bucket.create(kvKey, record)) return { created: true };
      const existing = await this.bucket.get(kvKey);
      if (existing) return { created: false, existing };
      if (attempt === 2) throw new Error(`idempotency key ${kvKey} is claimed but has no readable value`);
    }
  }
}

/** An existing bucket keeps the age it was created with: bring it to the configured lifetime. */
async function keepLifetime(connection: NatsConnection, ttlMs: number): Promise<void> {
  const jsm = await connection.jetstreamManager();
  const stream = `KV_${IDEMPOTENCY_BUCKET}`;
  const { config } = await jsm.streams.info(stream);
  if (config.max_age === nanos(ttlMs)) return;
  // JetStream refuses a duplicate window longer than the age limit.
  const duplicateWindow = Math.min(config.duplicate_window, nanos(ttlMs));
  await jsm.streams.update(stream, { ...config, max_age: nanos(ttlMs), duplicate_window: duplicateWindow });
}
