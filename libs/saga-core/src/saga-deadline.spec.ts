import { defineSaga } from './define-saga';
import { deadlineBySagaDeadline, sagaDeadlineAt, sagaDeadlineOutstanding } from './saga-deadline';
import { createSagaInstance, type Deadline, type SagaInstance } from './saga-instance';
import { transition } from './transition';
import { fixedEnv, Hold, shopSaga, T0 } from './testing/shop-saga.fixture';

const AT = '2025-01-01T00:00:10.000Z';

const timedSaga = defineSaga<{ id: string }>('timed', 1, { timeoutMs: 1_000, deadlineMs: 10_000 })
  .step('hold')
  .invoke(Hold, (d) => ({ id: d.id }))
  .build();

function started(): SagaInstance<{ id: string }> {
  const instance = createSagaInstance(timedSaga, 'saga-1', { id: 'x' });
  return transition(timedSaga, instance, { type: 'started' }, fixedEnv()).instance;
}

describe('sagaDeadlineAt', () => {
  it('counts from the first command', () => {
    expect(sagaDeadlineAt(timedSaga, started())).toBe(Date.parse(AT));
  });

  it('is null before the start and for a saga without a deadline', () => {
    expect(sagaDeadlineAt(timedSaga, createSagaInstance(timedSaga, 's', { id: 'x' }))).toBeNull();
    const instance = transition(
      shopSaga,
      createSagaInstance(shopSaga, 's', { orderId: 'o', amount: 1 }),
      { type: 'started' },
      fixedEnv(),
    ).instance;
    expect(sagaDeadlineAt(shopSaga, instance)).toBeNull();
  });
});

describe('sagaDeadlineOutstanding', () => {
  const at = (iso: string, reason: Deadline['reason'] = 'timeout'): Deadline => ({
    at: iso,
    reason,
    step: 'hold',
  });
  const withDeadline = (deadline: Deadline | null, status: SagaInstance<unknown>['status'] = 'RUNNING') => ({
    ...started(),
    status,
    deadline,
  });

  it('holds while a running saga waits on a deadline at or before it', () => {
    expect(sagaDeadlineOutstanding(timedSaga, withDeadline(at('2025-01-01T00:00:01.000Z')), T0)).toBe(true);
    expect(sagaDeadlineOutstanding(timedSaga, withDeadline(at(AT)), T0)).toBe(true);
    expect(sagaDeadlineOutstanding(timedSaga, withDeadline(at(AT, 'saga-deadline')), T0)).toBe(true);
  });

  it('is over once every deadline set falls after it, or none is set', () => {
    expect(sagaDeadlineOutstanding(timedSaga, withDeadline(at('2025-01-01T00:00:11.000Z')), T0)).toBe(false);
    expect(sagaDeadlineOutstanding(timedSaga, withDeadline(null), T0)).toBe(false);
  });

  it('does not watch a compensating or finished saga; a FAILED one only until the deadline', () => {
    expect(sagaDeadlineOutstanding(timedSaga, withDeadline(at(AT), 'COMPENSATING'), T0)).toBe(false);
    expect(sagaDeadlineOutstanding(timedSaga, withDeadline(null, 'COMPLETED'), T0)).toBe(false);
    expect(sagaDeadlineOutstanding(timedSaga, withDeadline(null, 'FAILED'), T0)).toBe(true);
    expect(sagaDeadlineOutstanding(timedSaga, withDeadline(null, 'FAILED'), new Date(AT))).toBe(false);
  });

  it('holds for a saga not started yet, and never without a deadline', () => {
    expect(sagaDeadlineOutstanding(timedSaga, createSagaInstance(timedSaga, 's', { id: 'x' }), T0)).toBe(
      true,
    );
    expect(
      sagaDeadlineOutstanding(shopSaga, createSagaInstance(shopSaga, 's', { orderId: 'o', amount: 1 }), T0),
    ).toBe(false);
  });
});

describe('deadlineBySagaDeadline', () => {
  const deadline = (reason: Deadline['reason'], iso: string): Deadline => ({ at: iso, reason, step: 'hold' });

  it('keeps a step deadline that falls first', () => {
    const first = deadline('timeout', '2025-01-01T00:00:01.000Z');
    expect(deadlineBySagaDeadline(first, AT, 'hold')).toBe(first);
  });

  it('puts the saga deadline in place of a later reply timeout, or of none', () => {
    expect(deadlineBySagaDeadline(deadline('timeout', '2025-01-01T00:01:00.000Z'), AT, 'hold')).toEqual(
      deadline('saga-deadline', AT),
    );
    expect(deadlineBySagaDeadline(null, AT, 'hold')).toEqual(deadline('saga-deadline', AT));
  });

  it('brings a later backoff or delivery check forward to the saga deadline, keeping what it is', () => {
    for (const reason of ['retry-backoff', 'awaiting-delivery'] as const) {
      expect(deadlineBySagaDeadline(deadline(reason, '2025-01-01T00:01:00.000Z'), AT, 'hold')).toEqual(
        deadline(reason, AT),
      );
    }
  });
});
