import type { KV, NatsConnection } from 'nats';

/** How long one read or write waits; as long as a publish waits for its ack, to ride out a leader election. */
export const KV_TIMEOUT_MS = 5_000;

/** JetStream's "wrong last sequence": on `create`, the key already has a value. */
const KEY_EXISTS = 10071;

export interface JsonKvBucketOptions {
  name: string;
  description: string;
  /** How long an entry lives; the server removes it afterwards. */
  ttlMs: number;
  replicas: number;
}

/** A JetStream KeyValue bucket of JSON values, keyed by strings in KV's key charset. */
export class JsonKvBucket<T> {
  private constructor(private readonly bucket: KV) {}

  /**
   * Creates the bucket if it is missing, else binds to it as it is (so every replica can call
   * this at start). Reads go through the stream leader rather than direct gets, which a lagging
   * replica could answer with an older view: a key just written must be seen by the next request.
   */
  static async open<T>(connection: NatsConnection, options: JsonKvBucketOptions): Promise<JsonKvBucket<T>> {
    const js = connection.jetstream({ timeout: KV_TIMEOUT_MS });
    const bucket = await js.views.kv(options.name, {
      description: options.description,
      ttl: options.ttlMs,
      replicas: options.replicas,
      history: 1,
      timeout: KV_TIMEOUT_MS,
      allow_direct: false,
    });
    return new JsonKvBucket<T>(bucket);
  }

  async put(key: string, value: T): Promise<void> {
    await this.bucket.put(key, JSON.stringify(value));
  }

  /** The live value of `key`, or null when it has none (never set, deleted or expired). */
  async get(key: string): Promise<T | null> {
    const entry = await this.bucket.get(key);
    return entry?.operation === 'PUT' ? entry.json<T>() : null;
  }

  /** Writes `value` only if `key` has no live value; false when another writer got there first. */
  async create(key: string, value: T): Promise<boolean> {
    try {
      await this.bucket.create(key, JSON.stringify(value));
      return true;
    } catch (error) {
      if ((error as { api_error?: { err_code?: number } })?.api_error?.err_code === KEY_EXISTS) return false;
      throw error;
    }
  }
}
