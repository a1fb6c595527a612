import { inconsistencies } from './support/consistency';
import { placeOrders, readOrders } from './support/gateway-client';
import { mixedOrders, outcomeMismatches, skusOf } from './support/order-outcomes';
import { sagaInFlight, waitForFirstSagaRunning, waitForSagasTerminal } from './support/order-progress';
import { RunningPlatform, startPlatform } from './support/platform';
import { stockAccountingErrors, stockLevels } from './support/stock-accounting';

// Production timings (no SAGA_STEP_TIMEOUT_MS): a command the crashed process had pulled comes
// back only after the consumer's ack wait, so the steps it held time out first.
describe('a participant crash', () => {
  let platform: RunningPlatform;

  beforeAll(async () => {
    platform = await startPlatform();
  });
  afterAll(() => platform?.shutdown());

  it('leaves no shipment behind a compensated order when shipping is killed mid-run', async () => {
    const cases = mixedOrders(60);
    const skus = skusOf(cases);
    const stockBefore = await stockLevels(platform, skus);
    const orderIds = await placeOrders(
      platform,
      cases.map((order) => order.body),
    );

    // Killed while a shipment command waits on it: by a first outcome, the orders placed together
    // may all have passed shipping. A saga still running after the kill was running at the kill.
    await waitForFirstSagaRunning(platform, orderIds, ['schedule-shipment']);
    await platform.stop('shipping', 'SIGKILL');
    expect((await readOrders(platform, orderIds)).filter(sagaInFlight).length).toBeGreaterThan(0);
    await platform.start('shipping');

    const views = await waitForSagasTerminal(platform, orderIds);
    expect(inconsistencies(views.values())).toEqual([]);
    // Shipping was only away for a moment: a timed-out shipment is resent, not given up.
    expect(outcomeMismatches(cases, orderIds, views)).toEqual([]);
    expect(stockAccountingErrors(stockBefore, await stockLevels(platform, skus), views.values())).toEqual([]);
  });
});
