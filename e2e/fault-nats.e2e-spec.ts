import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { SERVICE_NAMES, ServiceName } from '@app/config';
import { TestNatsCluster, TestNatsServer, pollUntil, startNatsCluster, startNatsServer } from '@test/support';
import { inconsistencies } from './support/consistency';
import { sagaTurns } from './support/saga-turns';
import { deadLetterCount } from './support/dead-letters';
import { placeOrder, placeOrders, postOrder } from './support/gateway-client';
import { OrderBody, orderBody } from './support/order-body';
import { LoadedPost, startOrderLoad } from './support/order-load';
import { waitForFirstOutcome, waitForSagasTerminal } from './support/order-progress';
import { RunningPlatform, startPlatform } from './support/platform';
import { sagasChangedAfter } from './support/sagas-spanning';
import { StockLevels, stockAccountingErrors, stockLevels } from './support/stock-accounting';

/** The outage: long against every default timeout (step, ack wait, publish, query). */
const NATS_OUTAGE_MS = 20_000;
const SKUS = Array.from({ length: 20 }, (_, index) => `SKU-${String(index + 1).padStart(3, '0')}`);

/** A tok_visa order of one seeded sku: each one must end COMPLETED whatever the broker does. */
function approvedOrder(index: number): OrderBody {
  return orderBody({ items: [{ sku: SKUS[index % SKUS.length], quantity: 1, unitPriceCents: 1299 }] });
}

async function readiness(platform: RunningPlatform, service: ServiceName): Promise<number> {
  const response = await fetch(platform.url(service, '/health/ready')).catch(() => undefined);
  return response?.status ?? 0;
}

function everyAppReady(platform: RunningPlatform): Promise<true> {
  return pollUntil(
    async () =>
      (await Promise.all(SERVICE_NAMES.map((service) => readiness(platform, service)))).every(
        (s) => s === 200,
      ),
    { timeoutMs: 60_000, intervalMs: 200 },
    'every app to be ready again',
  );
}

/**
 * What a client that follows the 503's advice ends up with: each POST the load sent is either
 * accepted, or refused with 503 and Retry-After and accepted when sent again with its key.
 */
async function acceptedOrderIds(platform: RunningPlatform, posts: readonly LoadedPost[]): Promise<string[]> {
  const unexpected = posts.filter(
    (post) => post.status !== 202 && !(post.status === 503 && Number(post.retryAfter) > 0),
  );
  expect(unexpected.map(({ status, retryAfter, error }) => ({ status, retryAfter, error }))).toEqual([]);
  const retried = await Promise.all(
    posts
      .filter((post) => post.status === 503)
      .map((post) => placeOrder(platform, post.body, { idempotencyKey: post.idempotencyKey })),
  );
  return [
    ...posts.flatMap((post) => (post.orderId ? [post.orderId] : [])),
    ...retried.map((order) => order.orderId),
  ];
}

async function expectEveryOrderCompleted(
  platform: RunningPlatform,
  orderIds: string[],
  stockBefore: StockLevels,
): Promise<void> {
  expect(new Set(orderIds).size).toBe(orderIds.length);
  const views = await waitForSagasTerminal(platform, orderIds, { timeoutMs: 180_000 });
  const notCompleted = [...views.values()].filter((view) => view.saga?.status !== 'COMPLETED');
  // A saga that went another way names the timeline entries that turned it.
  const turned = await Promise.all(
    notCompleted.map(async (view) => {
      const turns = await sagaTurns(platform, view.saga?.sagaId ?? '');
      return `${view.orderId}: ${view.saga?.status} after ${turns.join('; ')}`;
    }),
  );
  expect(turned).toEqual([]);
  expect(inconsistencies(views.values())).toEqual([]);
  expect(stockAccountingErrors(stockBefore, await stockLevels(platform, SKUS), views.values())).toEqual([]);
  expect(await deadLetterCount(platform)).toBe(0);
}

describe('NATS outages with the default configuration', () => {
  describe('a single nats-server SIGKILLed and restarted 20 s later on the same store', () => {
    let nats: TestNatsServer;
    let platform: RunningPlatform;

    beforeAll(async () => {
      nats = await startNatsServer();
      platform = await startPlatform({ nats });
    });
    afterAll(() => platform?.shutdown());

    it('completes every accepted order; meanwhile POSTs and reads answer 503 with Retry-After', async () => {
      const stockBefore = await stockLevels(platform, SKUS);
      const firstWave = await placeOrders(
        platform,
        Array.from({ length: 30 }, (_, index) => approvedOrder(index)),
      );
      await waitForFirstOutcome(platform, firstWave);
      const load = startOrderLoad(platform, (index) => approvedOrder(index + 40));
      // Accepted a moment before the broker dies: these are mid-saga when it does.
      const lastBurst = await placeOrders(
        platform,
        Array.from({ length: 10 }, (_, index) => approvedOrder(index + 30)),
      );

      await nats.kill();
      const killedAt = new Date();
      const outageEnds = killedAt.getTime() + NATS_OUTAGE_MS;
      await pollUntil(
        async () => (await readiness(platform, 'gateway')) === 503,
        { timeoutMs: 10_000, intervalMs: 100 },
        'the gateway to report the broker gone',
      );

      // Every answer during the outage comes back (no hang) and says when to retry.
      const refusals = await Promise.all([
        ...Array.from({ length: 5 }, (_, index) =>
          postOrder(platform, approvedOrder(index), { 'idempotency-key': randomUUID() }),
        ),
        ...firstWave.slice(0, 5).map((orderId) => fetch(platform.url('gateway', `/orders/${orderId}`))),
        fetch(platform.url('gateway', `/inventory/${SKUS[0]}`)),
      ]);
      expect(
        refusals.map((answer) => [answer.status, Number(answer.headers.get('retry-after')) > 0]),
      ).toEqual(refusals.map(() => [503, true]));

      // The timer only holds the outage; everything after it waits for conditions.
      await delay(Math.max(0, outageEnds - Date.now()));
      await nats.restart();
      const restartedAt = new Date();
      const acceptedBeforeRestart = load.posts.filter((post) => post.status === 202).length;
      await everyAppReady(platform);
      await pollUntil(
        () => load.posts.filter((post) => post.status === 202).length >= acceptedBeforeRestart + 10 && true,
        { timeoutMs: 30_000, intervalMs: 100 },
        'orders to be accepted again after the restart',
      );
      const posts = await load.stop();
      expect(posts.some((post) => post.status === 503)).toBe(true);

      await expectEveryOrderCompleted(
        platform,
        [...firstWave, ...lastBurst, ...(await acceptedOrderIds(platform, posts))],
        stockBefore,
      );
      // Some orders accepted before the broker died finished only after it was back.
      expect(await sagasChangedAfter(platform, [...firstWave, ...lastBurst], restartedAt)).toBeGreaterThan(0);
    }, 420_000);
  });

  describe('a three-node JetStream cluster, streams with 3 replicas, one node killed under load', () => {
    let cluster: TestNatsCluster;
    let platform: RunningPlatform;

    beforeAll(async () => {
      cluster = await startNatsCluster();
      platform = await startPlatform({
        nats: { url: cluster.url, dispose: () => cluster.dispose() },
        env: { NATS_STREAM_REPLICAS: '3' },
      });
    });
    afterAll(() => platform?.shutdown());

    it('loses no order and completes every accepted one', async () => {
      const stockBefore = await stockLevels(platform, SKUS);
      const firstWave = await placeOrders(
        platform,
        Array.from({ length: 30 }, (_, index) => approvedOrder(index)),
      );
      await waitForFirstOutcome(platform, firstWave);
      const load = startOrderLoad(platform, (index) => approvedOrder(index + 40));
      const lastBurst = await placeOrders(
        platform,
        Array.from({ length: 10 }, (_, index) => approvedOrder(index + 30)),
      );

      const victim = await streamLeaderIndex(cluster, 'SAGA_COMMANDS');
      await cluster.kill(victim);
      const killedAt = new Date();
      const acceptedBefore = load.posts.filter((post) => post.status === 202).length;
      await pollUntil(
        () => load.posts.filter((post) => post.status === 202).length >= acceptedBefore + 30 && true,
        { timeoutMs: 90_000, intervalMs: 100 },
        '30 more orders accepted with a node down',
      );
      const posts = await load.stop();

      await expectEveryOrderCompleted(
        platform,
        [...firstWave, ...lastBurst, ...(await acceptedOrderIds(platform, posts))],
        stockBefore,
      );
      expect(await sagasChangedAfter(platform, [...firstWave, ...lastBurst], killedAt)).toBeGreaterThan(0);
    }, 420_000);
  });
});

/** The index of the node leading the stream (its Raft leader): the node whose loss hurts most. */
async function streamLeaderIndex(cluster: TestNatsCluster, stream: string): Promise<number> {
  const { connect } = await import('nats');
  const connection = await connect({ servers: cluster.urls });
  try {
    const info = await (await connection.jetstreamManager()).streams.info(stream);
    expect(info.config.num_replicas).toBe(3);
    const leader = info.cluster?.leader ?? 'no leader';
    expect(leader).toMatch(/^n[1-3]$/);
    return Number(leader.replace(/^n/, '')) - 1;
  } finally {
    await connection.close();
  }
}
