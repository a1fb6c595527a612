import { createSagaInstance } from '@app/saga-core';
import { orderFulfillmentSaga } from '../../sagas/order-fulfillment';
import { toSagaView } from './saga-view';

const SAGA_ID = '0b8f6a53-5a56-4a4e-8a0c-3c6f2d9a1e7b';

describe('toSagaView', () => {
  const instance = createSagaInstance(orderFulfillmentSaga, SAGA_ID, { orderId: 'order-1' } as never);
  const timeline = [
    { seq: 1, at: new Date('2025-01-01T00:00:00.000Z'), kind: 'saga-started', step: null, detail: {} },
  ];

  it('shows the saga, its steps without internals, its timeline and links', () => {
    const view = toSagaView(instance, timeline, { retry: false, abort: true });
    expect(Object.keys(view)).toEqual([
      'sagaId',
      'type',
      'version',
      'status',
      'currentStep',
      'businessKey',
      'nextDeadline',
      'traceId',
      'data',
      'steps',
      'attention',
      'timeline',
      '_links',
    ]);
    expect(view.steps[0]).toEqual({
      name: 'create-order',
      kind: 'compensatable',
      status: 'PENDING',
      attempts: 0,
      startedAt: null,
      endedAt: null,
      error: null,
    });
    expect(view.attention).toBeNull();
    expect(view.businessKey).toBeNull();
    expect(view.nextDeadline).toBeNull();
    expect(view.timeline).toEqual(timeline);
    expect(view._links).toEqual({
      self: { href: `/admin/sagas/${SAGA_ID}` },
      order: { href: '/orders/order-1' },
      deadLetters: { href: `/admin/dead-letters?sagaId=${SAGA_ID}` },
      abort: { href: `/admin/sagas/${SAGA_ID}/abort`, method: 'POST' },
    });
  });

  it('shows the step needing attention it is given', () => {
    const attention = {
      step: 'capture-payment',
      attempts: 12,
      since: '2025-01-01T00:00:00.000Z',
      lastError: { code: 'PROCESSOR_UNAVAILABLE', message: 'try later' },
    };
    expect(toSagaView(instance, [], { retry: false, abort: false }, attention).attention).toEqual(attention);
  });

  it('links retry only when allowed, and the order only when the data names one', () => {
    const view = toSagaView({ ...instance, data: { amount: 5 } }, [], { retry: true, abort: false });
    expect(view._links).toEqual({
      self: { href: `/admin/sagas/${SAGA_ID}` },
      deadLetters: { href: `/admin/dead-letters?sagaId=${SAGA_ID}` },
      retry: { href: `/admin/sagas/${SAGA_ID}/retry`, method: 'POST' },
    });
    expect(toSagaView({ ...instance, data: null }, [], { retry: false, abort: false })._links.order).toBe(
      undefined,
    );
  });

  it('shows the business key it is given and the deadline the saga waits on, without its step', () => {
    const waiting = {
      ...instance,
      deadline: {
        at: '2025-01-01T00:00:30.000Z',
        reason: 'retry-backoff' as const,
        step: 'authorize-payment',
      },
    };
    const view = toSagaView(waiting, [], { retry: true, abort: true }, null, 'order-1');
    expect(view.businessKey).toBe('order-1');
    expect(view.nextDeadline).toEqual({ at: '2025-01-01T00:00:30.000Z', reason: 'retry-backoff' });
  });

  it('exposes the trace id of the stored traceparent, and null for none or a malformed one', () => {
    const view = (traceParent: string | null) =>
      toSagaView(instance, [], { retry: false, abort: false }, null, null, traceParent).traceId;
    expect(view('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toBe(
      '4bf92f3577b34da6a3ce929d0e0e4736',
    );
    expect(view(null)).toBeNull();
    expect(view('00-00000000000000000000000000000000-00f067aa0ba902b7-01')).toBeNull();
    expect(view('4bf92f3577b34da6a3ce929d0e0e4736')).toBeNull();
    expect(view('00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01x')).toBeNull();
  });
});
