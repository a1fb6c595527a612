import { randomBytes } from 'node:crypto';
import { inconsistencies } from './support/consistency';
import { placeOrders, setStock, stockOf } from './support/gateway-client';
import { orderBody } from './support/order-body';
import { mixedOrders, outcomeMismatches, skusOf } from './support/order-outcomes';
import { waitForSagasTerminal } from './support/order-progress';
import { RunningPlatform, startPlatform } from './support/platform';
import { stockAccountingErrors, stockLevels } from './support/stock-accounting';

describe('concurrent orders', () => {
  let platform: RunningPlatform;

  beforeAll(async () => {
    // The default configuration: a step's timeout counts only from when its participant has the
    // command, so a backlog under load does not turn business outcomes into timeouts.
    platform = await startPlatform();
  });
  afterAll(() => platform?.shutdown());

  it('approves exactly as many of 50 concurrent orders as there are units in stock', async () => {
    const sku = `E2E-${randomBytes(4).toString('hex').toUpperCase()}`;
    expect(await setStock(platform, sku, 10)).toEqual({ sku, available: 10, reserved: 0 });

    const line = { sku, quantity: 1, unitPriceCents: 2500 };
    const orderIds = await placeOrders(
      platform,
      Array.from({ length: 50 }, () => orderBody({ items: [line] })),
    );
    const views = [...(await waitForSagasTerminal(platform, orderIds)).values()];

    expect(inconsistencies(views)).toEqual([]);
    expect(views.filter((view) => view.saga?.status === 'COMPLETED')).toHaveLength(10);
    expect(views.filter((view) => view.saga?.status === 'COMPENSATED')).toHaveLength(40);
    expect(await stockOf(platform, sku)).toEqual({ sku, available: 0, reserved: 10 });
  });

  it('settles 200 concurrent orders of mixed outcomes, each as the domain rules say, consistently', async () => {
    const cases = mixedOrders(200);
    const skus = skusOf(cases);
    const stockBefore = await stockLevels(platform, skus);
    const orderIds = await placeOrders(
      platform,
      cases.map((order) => order.body),
    );
    const views = await waitForSagasTerminal(platform, orderIds, { timeoutMs: 120_000 });

    expect(inconsistencies(views.values())).toEqual([]);
    expect(outcomeMismatches(cases, orderIds, views)).toEqual([]);
    expect(stockAccountingErrors(stockBefore, await stockLevels(platform, skus), views.values())).toEqual([]);
  });
});
