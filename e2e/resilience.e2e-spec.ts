import { setTimeout as delay } from 'node:timers/promises';
import { inconsistencies } from './support/consistency';
import { OrderRead, placeOrders, readOrders } from './support/gateway-client';
import { orderBody } from './support/order-body';
import { mixedOrders, outcomeMismatches, skusOf } from './support/order-outcomes';
import { waitForFirstOutcome, waitForOrders, waitForSagasTerminal } from './support/order-progress';
import { RunningPlatform, startPlatform } from './support/platform';
import { stockAccountingErrors, stockLevels } from './support/stock-accounting';

/**
 * Longer than any outage below: a participant that is down leaves its step waiting (the
 * command stays in its JetStream consumer) instead of timing out into compensation.
 */
const STEP_TIMEOUT_MS = 30_000;
const PAYMENT_OUTAGE_MS = 10_000;

describe('the platform through process failures', () => {
  let platform: RunningPlatform;

  beforeAll(async () => {
    platform = await startPlatform({ env: { SAGA_STEP_TIMEOUT_MS: String(STEP_TIMEOUT_MS) } });
  });
  afterAll(() => platform?.shutdown());

  async function expectAllCompleted(orderIds: string[]): Promise<void> {
    const views = await waitForSagasTerminal(platform, orderIds);
    expect([...views.values()].map((view) => view.saga?.status)).toEqual(orderIds.map(() => 'COMPLETED'));
    expect(inconsistencies(views.values())).toEqual([]);
  }

  it('completes the sagas waiting on payment once payment is back from a 10 s outage', async () => {
    await platform.stop('payment');
    const outageEnds = Date.now() + PAYMENT_OUTAGE_MS;
    const orderIds = await placeOrders(
      platform,
      Array.from({ length: 10 }, () => orderBody()),
    );
    const waitingOnPayment = (read: OrderRead) =>
      read.view?.saga?.status === 'RUNNING' && read.view.saga.currentStep === 'authorize-payment';
    await waitForOrders(platform, orderIds, waitingOnPayment, 'saga waiting on payment');

    // The timer only holds the outage; everything after it waits for conditions.
    await delay(Math.max(0, outageEnds - Date.now()));
    expect((await readOrders(platform, orderIds)).filter((read) => !waitingOnPayment(read))).toEqual([]);
    await platform.start('payment');

    await expectAllCompleted(orderIds);
  });

  it('accepts orders while the orchestrator is down and runs them once it is back', async () => {
    await platform.stop('orchestrator');
    const orderIds = await placeOrders(
      platform,
      Array.from({ length: 10 }, () => orderBody()),
    );
    for (const read of await readOrders(platform, orderIds)) {
      expect(read).toMatchObject({
        httpStatus: 200,
        view: { status: 'PENDING', saga: null, reservation: null, payment: null, shipment: null },
      });
      expect(read.partial).toContain('saga');
    }

    await platform.start('orchestrator');
    await expectAllCompleted(orderIds);
  });

  it('brings every saga to its outcome after the orchestrator is killed with 50 in flight', async () => {
    const cases = mixedOrders(50);
    const skus = skusOf(cases);
    const stockBefore = await stockLevels(platform, skus);
    const orderIds = await placeOrders(
      platform,
      cases.map((order) => order.body),
    );

    await waitForFirstOutcome(platform, orderIds);
    await platform.stop('orchestrator', 'SIGKILL');
    const unfinished = (await readOrders(platform, orderIds)).filter(
      (read) => read.view?.status === 'PENDING',
    );
    expect(unfinished.length).toBeGreaterThan(0);

    await platform.start('orchestrator');
    const views = await waitForSagasTerminal(platform, orderIds);
    expect(inconsistencies(views.values())).toEqual([]);
    expect(outcomeMismatches(cases, orderIds, views)).toEqual([]);
    expect(stockAccountingErrors(stockBefore, await stockLevels(platform, skus), views.values())).toEqual([]);
  });
});
