import { orderFulfillmentSaga } from '../sagas/order-fulfillment';
import { tuneSagaDefinition } from './saga-tuning';

describe('tuneSagaDefinition', () => {
  it('returns the definition itself when nothing is tuned', () => {
    expect(tuneSagaDefinition(orderFulfillmentSaga, {})).toBe(orderFulfillmentSaga);
  });

  it('overrides every step’s timeout and backoffs, keeping attempts and kinds', () => {
    const tuned = tuneSagaDefinition(orderFulfillmentSaga, {
      stepTimeoutMs: 300,
      retryInitialBackoffMs: 5,
      retryMaxBackoffMs: 20,
    });

    expect(tuned.steps.map((step) => step.timeoutMs)).toEqual(orderFulfillmentSaga.steps.map(() => 300));
    for (const [i, step] of tuned.steps.entries()) {
      const original = orderFulfillmentSaga.steps[i];
      expect(step.kind).toBe(original.kind);
      expect(step.retry).toEqual({ ...original.retry, initialBackoffMs: 5, maxBackoffMs: 20 });
      expect(step.compensationRetry).toEqual({
        ...original.compensationRetry,
        initialBackoffMs: 5,
        maxBackoffMs: 20,
      });
    }
    expect(Object.isFrozen(tuned.steps[0])).toBe(true);
    expect(orderFulfillmentSaga.steps[0].timeoutMs).not.toBe(300);
  });

  it('never lets the backoff cap fall below the first backoff', () => {
    const tuned = tuneSagaDefinition(orderFulfillmentSaga, {
      retryInitialBackoffMs: 500,
      retryMaxBackoffMs: 100,
    });

    expect(tuned.steps[0].retry).toMatchObject({ initialBackoffMs: 500, maxBackoffMs: 500 });
  });
});
