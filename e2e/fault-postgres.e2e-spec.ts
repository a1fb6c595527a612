import { setTimeout as delay } from 'node:timers/promises';
import { SERVICE_NAMES, ServiceName } from '@app/config';
import { TestPostgresCluster, pollUntil, startPostgresCluster } from '@test/support';
import { inconsistencies } from './support/consistency';
import { deadLetterCount } from './support/dead-letters';
import { placeOrders } from './support/gateway-client';
import { OrderBody, orderBody } from './support/order-body';
import { waitForFirstOutcome, waitForSagasTerminal } from './support/order-progress';
import { RunningPlatform, startPlatform } from './support/platform';
import { stockAccountingErrors, stockLevels } from './support/stock-accounting';

/** The outage: long against every default timeout (step, ack wait, connect, statement, idle transaction). */
const POSTGRES_OUTAGE_MS = 120_000;
const SKUS = Array.from({ length: 20 }, (_, index) => `SKU-${String(index + 1).padStart(3, '0')}`);

function approvedOrder(index: number): OrderBody {
  return orderBody({ items: [{ sku: SKUS[index % SKUS.length], quantity: 1, unitPriceCents: 1299 }] });
}

async function status(platform: RunningPlatform, service: ServiceName, path: string): Promise<number> {
  const response = await fetch(platform.url(service, path), { signal: AbortSignal.timeout(10_000) }).catch(
    () => undefined,
  );
  return response?.status ?? 0;
}

/** Every app answers `/health/live`: a process that died cannot. */
async function liveness(platform: RunningPlatform): Promise<Record<string, number>> {
  const answers = await Promise.all(
    SERVICE_NAMES.map((service) => status(platform, service, '/health/live')),
  );
  return Object.fromEntries(SERVICE_NAMES.map((service, index) => [service, answers[index]]));
}

const EVERY_APP_LIVE = Object.fromEntries(SERVICE_NAMES.map((service) => [service, 200]));

describe('PostgreSQL stopped for 120 s with the default configuration', () => {
  let cluster: TestPostgresCluster;
  let platform: RunningPlatform;

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    platform = await startPlatform({ database: await cluster.createDatabase('e2e_pg_fault') });
  }, 120_000);
  afterAll(async () => {
    if (cluster && !cluster.running()) await cluster.start();
    await platform?.shutdown();
    await cluster?.dispose();
  });

  it('waits the outage out: readiness 503 meanwhile, every accepted order COMPLETED after, nothing dead-lettered, no process lost', async () => {
    const stockBefore = await stockLevels(platform, SKUS);
    const firstWave = await placeOrders(
      platform,
      Array.from({ length: 20 }, (_, index) => approvedOrder(index)),
    );
    await waitForFirstOutcome(platform, firstWave);

    await cluster.stop();
    const outageEnds = Date.now() + POSTGRES_OUTAGE_MS;
    await pollUntil(
      async () =>
        (await status(platform, 'orchestrator', '/health/ready')) === 503 &&
        (await status(platform, 'payment', '/health/ready')) === 503,
      { timeoutMs: 20_000, intervalMs: 200 },
      'the orchestrator and a participant to report their database gone',
    );

    // The gateway owns no database: it goes on accepting orders, which wait in SAGA_STARTS.
    const duringOutage = await placeOrders(
      platform,
      Array.from({ length: 20 }, (_, index) => approvedOrder(index + 20)),
    );

    // The timer only holds the outage; everything after it waits for conditions.
    await delay(Math.max(0, outageEnds - Date.now()));
    expect(await status(platform, 'orchestrator', '/health/ready')).toBe(503);
    expect(await status(platform, 'inventory', '/health/ready')).toBe(503);
    expect(await liveness(platform)).toEqual(EVERY_APP_LIVE);

    await cluster.start();
    await pollUntil(
      async () =>
        (await Promise.all(SERVICE_NAMES.map((service) => status(platform, service, '/health/ready')))).every(
          (answer) => answer === 200,
        ),
      { timeoutMs: 60_000, intervalMs: 200 },
      'every app to be ready again',
    );

    const orderIds = [...firstWave, ...duringOutage];
    expect(new Set(orderIds).size).toBe(40);
    const views = await waitForSagasTerminal(platform, orderIds, { timeoutMs: 180_000 });
    const notCompleted = [...views.values()].filter((view) => view.saga?.status !== 'COMPLETED');
    expect(notCompleted.map((view) => `${view.orderId}: ${view.saga?.status}`)).toEqual([]);
    expect(inconsistencies(views.values())).toEqual([]);
    expect(stockAccountingErrors(stockBefore, await stockLevels(platform, SKUS), views.values())).toEqual([]);
    expect(await deadLetterCount(platform)).toBe(0);
    expect(await liveness(platform)).toEqual(EVERY_APP_LIVE);
  }, 480_000);
});
