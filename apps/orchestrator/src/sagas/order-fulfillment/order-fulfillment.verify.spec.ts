import { verifySagaDefinition, type VerificationReport } from '@app/saga-testing';
import { orderFulfillmentSaga } from './order-fulfillment.saga';
import { orderData, replyResults } from './testing/order-fulfillment.fixture';

describe('order-fulfillment failure points', () => {
  let report: VerificationReport;
  beforeAll(() => {
    report = verifySagaDefinition(orderFulfillmentSaga, orderData, { results: replyResults });
  });
  const commandsOf = (name: string) => report.scenarios.find((s) => s.name === name)?.commands.join(' → ');

  it('passes the verifier at every failure point', () => {
    expect(report.notes).toEqual([]);
    // happy path; per step 1–4: business failure, exhausted transient retries, timeout;
    // per retriable step: 3 kinds of failure; per compensation: exhausted retries.
    expect(report.scenarios).toHaveLength(1 + 4 * 3 + 2 * 3 + 3);
    expect(report.scenarios.filter((s) => s.status === 'FAILED').map((s) => s.name)).toEqual([
      'timeout at schedule-shipment',
      'compensation of create-order fails 10× (retries exhausted)',
      'compensation of reserve-inventory fails 10× (retries exhausted)',
      'compensation of authorize-payment fails 10× (retries exhausted)',
    ]);
  });

  it('compensates a timed-out authorization including the authorization itself', () => {
    expect(commandsOf('timeout at authorize-payment')).toBe(
      'order.create → inventory.reserve → payment.authorize → payment.void (compensation) → ' +
        'inventory.release (compensation) → order.cancel (compensation)',
    );
  });

  it('resends a timed-out shipment, which nothing could undo, then leaves it to an operator', () => {
    expect(commandsOf('timeout at schedule-shipment')).toBe(
      'order.create → inventory.reserve → payment.authorize → ' +
        Array(4).fill('shipping.schedule').join(' → '),
    );
  });

  it('never compensates after the pivot', () => {
    const afterPivot = report.scenarios.filter((s) => s.name.includes('after the pivot'));
    expect(afterPivot).toHaveLength(6);
    for (const scenario of afterPivot) {
      expect(scenario.status).toBe('COMPLETED');
      expect(scenario.commands.some((c) => c.endsWith('(compensation)'))).toBe(false);
    }
  });
});
