import type { ServiceName } from '@app/config';
import { expectEventually } from '@test/support';
import { inconsistencies } from './support/consistency';
import { deadLetterCount } from './support/dead-letters';
import { readOrders } from './support/gateway-client';
import { CardToken } from './support/order-body';
import { RunningPlatform, startPlatform } from './support/platform';
import { restockedLines, returnAccountingErrors } from './support/return-accounting';
import { ORDERED_UNITS, returnCases, returnOutcomeMismatches } from './support/return-cases';
import {
  type ReturnRef,
  requestReturn,
  waitForFirstReturnOutcome,
  waitForReturnsSettled,
} from './support/return-client';
import { type SettledOrder, approvedOrders, freshSku } from './support/return-fixtures';
import { sagasTimedOutAt, unfinishedReturnSagas, waitForReturnSagaAt } from './support/return-sagas';
import { stockAccountingErrors, stockLevels } from './support/stock-accounting';

/** Orders per run, each with one to two returns: enough that a crash catches several mid-saga. */
const ORDERS_PER_RUN = 20;

/**
 * The steps whose commands a killed participant is caught holding. The order service serves the
 * first step and the last: the returns' first steps may all be answered before the test sees one
 * (the CI machine runs other suites beside it), while some return still waits on the last.
 */
const STEPS_SERVED_BY: Partial<Record<ServiceName, readonly string[]>> = {
  order: ['request-return', 'complete-return'],
  payment: ['refund-payment'],
  inventory: ['restock-inventory'],
};

/**
 * How long the returns may take to end after the restart: a command the killed participant had
 * pulled comes back after the consumer's 30 s ack wait, and a step resent meanwhile backs off up
 * to 30 s between attempts. The platform's own timings stay the defaults.
 */
const RECOVERY_WAIT_MS = 120_000;

/**
 * Process failures with the configuration a user gets (`startPlatform()` sets no timeout): a
 * process killed while returns run must change no return's outcome, and refund or restock
 * nothing twice. A participant's commands in flight come back only after its consumer's ack
 * wait, so the steps it held time out first: the refund (the pivot) and the steps after it are
 * resent, while a request to the order service that times out is compensated as DESIGN says,
 * rejecting that return, which then holds nothing; the expected outcomes count those returns.
 */
describe('order returns through process crashes, with the default configuration', () => {
  let platform: RunningPlatform;

  beforeAll(async () => {
    platform = await startPlatform();
  });
  afterAll(() => platform?.shutdown());

  /** The run's orders, all APPROVED, in case order, on one sku of their own. */
  async function ordersFor(cases: ReturnType<typeof returnCases>): Promise<SettledOrder[]> {
    const sku = await freshSku(platform);
    const place = (refundDeclined: boolean) =>
      approvedOrders(platform, {
        count: cases.filter((c) => c.refundDeclined === refundDeclined).length,
        quantity: ORDERED_UNITS,
        token: refundDeclined ? CardToken.REFUND_DECLINED : CardToken.APPROVES,
        sku,
      });
    const [paid, declining] = await Promise.all([place(false), place(true)]);
    return cases.map((c) => (c.refundDeclined ? declining : paid).shift()!);
  }

  it.each<[ServiceName]>([['orchestrator'], ['payment'], ['inventory'], ['order']])(
    'brings every return to its own outcome when %s is SIGKILLed mid-return and restarted',
    async (service) => {
      const cases = returnCases(ORDERS_PER_RUN);
      const orders = await ordersFor(cases);
      const sku = orders[0].sku;
      const stockBefore = await stockLevels(platform, [sku]);

      const made = await Promise.all(
        cases.map((returnCase, index) =>
          Promise.all(
            returnCase
              .returns(sku)
              .map((body) => requestReturn(platform, orders[index].orderId, body))
              .map(async (requested) => ({ orderId: orders[index].orderId, ...(await requested) })),
          ),
        ),
      );
      const refs: ReturnRef[] = made.flat();

      // Kill a participant at once while one of its steps runs: waiting for the first outcome
      // first could let every return pass that step. The orchestrator is killed once returns end.
      const steps = STEPS_SERVED_BY[service];
      if (steps)
        await waitForReturnSagaAt(
          platform,
          refs.map((ref) => ref.returnId),
          steps,
        );
      else await waitForFirstReturnOutcome(platform, refs);
      await platform.stop(service, 'SIGKILL');
      expect(
        await unfinishedReturnSagas(
          platform,
          refs.map((ref) => ref.returnId),
        ),
      ).toBeGreaterThan(0);
      await platform.start(service);

      const settled = await waitForReturnsSettled(platform, refs, { timeoutMs: RECOVERY_WAIT_MS });
      const byOrder = made.map((returns) =>
        returns.map(({ returnId }) => settled.find((view) => view.returnId === returnId)!),
      );
      const sagaIds = made.map((returns) => returns.map(({ sagaId }) => sagaId));
      const timedOut = await sagasTimedOutAt(platform, sagaIds.flat(), 'request-return');
      expect(
        returnOutcomeMismatches(
          cases,
          orders.map((order) => order.orderId),
          sagaIds,
          byOrder,
          timedOut,
        ),
      ).toEqual([]);

      // A request the killed order service held comes back after the ack wait, to find its return
      // cancelled: only then does the order service record it (REJECTED) and the order view list it.
      await expectEventually(
        async () => {
          const views = await readOrders(
            platform,
            orders.map((order) => order.orderId),
          );
          expect(inconsistencies(views.map((read) => read.view!))).toEqual([]);
          const accounting = views.flatMap((read, index) =>
            returnAccountingErrors(read.view!, byOrder[index]),
          );
          expect(accounting).toEqual([]);
        },
        { timeoutMs: RECOVERY_WAIT_MS, intervalMs: 500 },
      );
      const stockAfter = await stockLevels(platform, [sku]);
      expect(stockAccountingErrors(stockBefore, stockAfter, [], restockedLines(settled))).toEqual([]);
      expect(await deadLetterCount(platform)).toBe(0);
    },
    240_000,
  );
});
