import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { inconsistencies } from './support/consistency';
import { deadLetterCount } from './support/dead-letters';
import { OrderRead, placeOrders, readOrders, setStock } from './support/gateway-client';
import { orderBody } from './support/order-body';
import { mixedOrders, outcomeMismatches, skusOf } from './support/order-outcomes';
import { waitForFirstSagaRunning, waitForOrders, waitForSagasTerminal } from './support/order-progress';
import { RunningPlatform, startPlatform } from './support/platform';
import { stockAccountingErrors, stockLevels } from './support/stock-accounting';

/**
 * Process failures with the configuration a user gets (`startPlatform()` sets no timeout): a
 * participant that is down, or an orchestrator that is killed, must not change any outcome.
 * Timers below only hold an outage for its length; everything after it waits for conditions.
 */
const PARTICIPANT_OUTAGE_MS = 60_000;
const ORCHESTRATOR_OUTAGE_MS = 30_000;

describe('the platform through process failures, with the default configuration', () => {
  let platform: RunningPlatform;

  beforeAll(async () => {
    platform = await startPlatform();
  });
  afterAll(() => platform?.shutdown());

  /** `count` tok_visa orders of one unit of a sku of their own, so stock accounting sees only them. */
  async function visaOrders(count: number) {
    const sku = `E2E-${randomBytes(4).toString('hex').toUpperCase()}`;
    await setStock(platform, sku, 1_000);
    const before = await stockLevels(platform, [sku]);
    const bodies = Array.from({ length: count }, () =>
      orderBody({ items: [{ sku, quantity: 1, unitPriceCents: 1299 }] }),
    );
    return { sku, before, bodies };
  }

  async function expectAllCompleted(
    orderIds: string[],
    { sku, before }: { sku: string; before: Awaited<ReturnType<typeof stockLevels>> },
  ): Promise<void> {
    const views = await waitForSagasTerminal(platform, orderIds);
    expect([...views.values()].map((view) => view.saga?.status)).toEqual(orderIds.map(() => 'COMPLETED'));
    expect(inconsistencies(views.values())).toEqual([]);
    expect(stockAccountingErrors(before, await stockLevels(platform, [sku]), views.values())).toEqual([]);
    expect(await deadLetterCount(platform)).toBe(0);
  }

  /**
   * How many of these orders are neither approved nor cancelled. Read once the orchestrator is
   * killed, their sagas were in flight at the kill: the gateway cannot show a saga then, but an
   * order is approved or cancelled before its saga completes or is compensated, and never
   * returns to PENDING.
   */
  async function pendingOrders(orderIds: string[]): Promise<number> {
    return (await readOrders(platform, orderIds)).filter((read) => read.view?.status === 'PENDING').length;
  }

  it('completes every order placed while payment is down for 60 s', async () => {
    const orders = await visaOrders(10);
    await platform.stop('payment');
    const outageEnds = Date.now() + PARTICIPANT_OUTAGE_MS;
    const orderIds = await placeOrders(platform, orders.bodies);
    const waitingOnPayment = (read: OrderRead) =>
      read.view?.saga?.status === 'RUNNING' && read.view.saga.currentStep === 'authorize-payment';
    await waitForOrders(platform, orderIds, waitingOnPayment, 'saga waiting on payment');

    await delay(Math.max(0, outageEnds - Date.now()));
    // Far past the 5 s step timeout, and still waiting: the commands never reached payment.
    expect((await readOrders(platform, orderIds)).filter((read) => !waitingOnPayment(read))).toEqual([]);
    await platform.start('payment');

    await expectAllCompleted(orderIds, orders);
  }, 180_000);

  it('accepts orders while the orchestrator is down and runs them once it is back', async () => {
    const orders = await visaOrders(10);
    await platform.stop('orchestrator');
    const orderIds = await placeOrders(platform, orders.bodies);
    for (const read of await readOrders(platform, orderIds)) {
      expect(read).toMatchObject({
        httpStatus: 200,
        view: { status: 'PENDING', saga: null, reservation: null, payment: null, shipment: null },
      });
      expect(read.partial).toContain('saga');
    }

    await platform.start('orchestrator');
    await expectAllCompleted(orderIds, orders);
  }, 120_000);

  it.each([
    ['at once', 0],
    ['after 30 s', ORCHESTRATOR_OUTAGE_MS],
  ])(
    'completes every order in flight when the orchestrator is SIGKILLed and restarted %s',
    async (_when, outageMs) => {
      const orders = await visaOrders(40);
      const orderIds = await placeOrders(platform, orders.bodies);
      await waitForFirstSagaRunning(platform, orderIds);
      await platform.stop('orchestrator', 'SIGKILL');
      expect(await pendingOrders(orderIds)).toBeGreaterThan(0);

      // Meanwhile the participants answer the commands already sent: their replies wait in the stream.
      await delay(outageMs);
      await platform.start('orchestrator');
      await expectAllCompleted(orderIds, orders);
    },
    180_000,
  );

  it('brings every saga of a mixed run to its own outcome after the orchestrator is killed', async () => {
    const cases = mixedOrders(50);
    const skus = skusOf(cases);
    const stockBefore = await stockLevels(platform, skus);
    const orderIds = await placeOrders(
      platform,
      cases.map((order) => order.body),
    );

    await waitForFirstSagaRunning(platform, orderIds);
    await platform.stop('orchestrator', 'SIGKILL');
    expect(await pendingOrders(orderIds)).toBeGreaterThan(0);
    await platform.start('orchestrator');
    const views = await waitForSagasTerminal(platform, orderIds);
    expect(inconsistencies(views.values())).toEqual([]);
    expect(outcomeMismatches(cases, orderIds, views)).toEqual([]);
    expect(stockAccountingErrors(stockBefore, await stockLevels(platform, skus), views.values())).toEqual([]);
    expect(await deadLetterCount(platform)).toBe(0);
  }, 120_000);
});
