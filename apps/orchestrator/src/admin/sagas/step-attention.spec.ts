import { type SagaInstance, createSagaInstance } from '@app/saga-core';
import { orderFulfillmentSaga } from '../../sagas/order-fulfillment';
import { stepNeedingAttention } from './step-attention';

const SAGA_ID = '0b8f6a53-5a56-4a4e-8a0c-3c6f2d9a1e7b';
const declined = { code: 'PROCESSOR_UNAVAILABLE', message: 'try later' };

/** A saga past its pivot, at capture-payment, which has made `attempts` attempts. */
function capturing(attempts: number, error: { code: string; message: string } | null = declined) {
  const instance = createSagaInstance(orderFulfillmentSaga, SAGA_ID, { orderId: 'order-1' } as never);
  const capture = instance.steps.findIndex((step) => step.name === 'capture-payment');
  instance.steps.forEach((step, index) => {
    if (index < capture) step.status = 'SUCCEEDED';
  });
  Object.assign(instance.steps[capture], {
    status: 'RUNNING',
    attempts,
    startedAt: '2025-01-01T00:00:00.000Z',
    error,
  });
  instance.currentStep = 'capture-payment';
  return instance as SagaInstance<unknown>;
}

describe('stepNeedingAttention', () => {
  it('names the current step once it has failed and used the threshold of attempts', () => {
    expect(stepNeedingAttention(capturing(10), 10)).toEqual({
      step: 'capture-payment',
      attempts: 10,
      since: '2025-01-01T00:00:00.000Z',
      lastError: declined,
    });
    expect(stepNeedingAttention(capturing(25), 10)?.attempts).toBe(25);
  });

  it('leaves a step alone below the threshold', () => {
    expect(stepNeedingAttention(capturing(9), 10)).toBeNull();
    expect(stepNeedingAttention(capturing(1), 10)).toBeNull();
  });

  it('leaves a step alone that has not failed (its error is cleared when it succeeds)', () => {
    expect(stepNeedingAttention(capturing(12, null), 10)).toBeNull();
  });

  it('leaves a saga alone once it is no longer running forward', () => {
    for (const status of ['COMPLETED', 'FAILED', 'COMPENSATING', 'COMPENSATED'] as const) {
      expect(stepNeedingAttention({ ...capturing(12), status }, 10)).toBeNull();
    }
  });

  it('only looks at the current step', () => {
    const instance = capturing(12);
    instance.currentStep = 'approve-order';
    expect(stepNeedingAttention(instance, 10)).toBeNull();
  });

  it('leaves a step alone that is no longer in progress', () => {
    const instance = capturing(12);
    instance.steps.find((step) => step.name === 'capture-payment')!.status = 'FAILED';
    expect(stepNeedingAttention(instance, 10)).toBeNull();
  });
});
