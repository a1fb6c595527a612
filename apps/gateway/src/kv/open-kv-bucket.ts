import type { KV, NatsConnection } from 'nats';

/** How long one read or write waits; as long as a publish waits for its ack, to ride out a leader election. */
export const KV_TIMEOUT_MS = 5_000;

export interface KvBucketOptions {
  name: string;
  description: string;
  /** How long an entry lives; the server removes it afterwards. */
  ttlMs: number;
  replicas: number;
}

/**
 * Creates the bucket if it is missing, else binds to it as it is (so every replica can call this
 * at start). Reads go through the stream leader rather than direct gets, which a lagging replica
 * could answer with an older view: a key just claimed must be seen by the next request.
 */
export async function openKvBucket(connection: NatsConnection, options: KvBucketOptions): Promise<KV> {
  const js = connection.jetstream({ timeout: KV_TIMEOUT_MS });
  return js.views.kv(options.name, {
    description: options.description,
    ttl: options.ttlMs,
    replicas: options.replicas,
    history: 1,
    timeout: KV_TIMEOUT_MS,
    allow_direct: false,
  });
}
