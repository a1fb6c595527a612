import { randomUUID } from 'node:crypto';
import { type NatsConnection, connect, nanos } from 'nats';
import { TestNatsServer, pollUntil, startNatsServer } from '@test/support';
import {
  IDEMPOTENCY_BUCKET,
  IDEMPOTENCY_TTL_MS,
  JetStreamIdempotencyStore,
} from './jetstream-idempotency.store';

describe('JetStreamIdempotencyStore lifetime', () => {
  let server: TestNatsServer;
  let nc: NatsConnection;

  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
  });
  afterAll(async () => {
    await nc.close();
    await server.dispose();
  });

  const record = () => ({ bodyHash: 'hash', orderId: randomUUID(), sagaId: randomUUID() });
  const bucketAge = async () =>
    (await (await nc.jetstreamManager()).streams.info(`KV_${IDEMPOTENCY_BUCKET}`)).config.max_age;

  it('brings an existing bucket to the configured lifetime, then forgets a key once it has passed', async () => {
    await JetStreamIdempotencyStore.open(nc, 1);
    expect(await bucketAge()).toBe(nanos(IDEMPOTENCY_TTL_MS));

    const ttlMs = 1_500;
    const store = await JetStreamIdempotencyStore.open(nc, 1, ttlMs);
    expect(await bucketAge()).toBe(nanos(ttlMs));

    const first = record();
    const claimedAt = Date.now();
    await expect(store.claim('key-1', first)).resolves.toEqual({ created: true });
    await expect(store.claim('key-1', record())).resolves.toEqual({ created: false, existing: first });

    const again = record();
    const reclaimed = await pollUntil(
      async () => ((await store.claim('key-1', again)).created ? true : undefined),
      { timeoutMs: 10_000, intervalMs: 100 },
      'the key to expire',
    );
    expect(reclaimed).toBe(true);
    expect(Date.now() - claimedAt).toBeGreaterThanOrEqual(ttlMs - 50);
  });

  it('claims one header value once per scope: POST /orders and the returns of each order apart', async () => {
    const store = await JetStreamIdempotencyStore.open(nc, 1);
    const key = `scoped-${randomUUID()}`;
    const orderId = randomUUID();
    const forOrders = record();
    const forReturns = { ...record(), orderId, returnId: randomUUID() };
    const forOtherOrder = { ...record(), returnId: randomUUID() };

    await expect(store.claim(key, forOrders)).resolves.toEqual({ created: true });
    await expect(store.claim(key, forReturns, { route: 'returns', orderId })).resolves.toEqual({
      created: true,
    });
    await expect(
      store.claim(key, forOtherOrder, { route: 'returns', orderId: forOtherOrder.orderId }),
    ).resolves.toEqual({ created: true });

    await expect(store.claim(key, record(), { route: 'orders' })).resolves.toEqual({
      created: false,
      existing: forOrders,
    });
    await expect(store.claim(key, record(), { route: 'returns', orderId })).resolves.toEqual({
      created: false,
      existing: forReturns,
    });
  });
});
