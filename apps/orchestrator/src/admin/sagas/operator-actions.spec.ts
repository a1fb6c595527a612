import {
  type SagaEvent,
  type SagaInstance,
  type TransitionEnv,
  createSagaInstance,
  transition,
} from '@app/saga-core';
import { orderFulfillmentSaga } from '../../sagas/order-fulfillment';
import {
  orderData,
  replyResults,
  startPayload,
} from '../../sagas/order-fulfillment/testing/order-fulfillment.fixture';
import { allowedOperatorActions } from './operator-actions';

const saga = orderFulfillmentSaga as Parameters<typeof allowedOperatorActions>[0];
const NOW = new Date('2025-01-01T00:00:00.000Z');
let ids = 0;
const env: TransitionEnv = { now: NOW, ids: { next: () => `cmd-${++ids}` }, random: { next: () => 0.5 } };

type Step = keyof typeof replyResults;

/** Applies each event, answering `reply` events to the step's last command. */
function run(...events: Array<SagaEvent | { reply: Step; outcome: 'success' | 'transient' | 'business' }>) {
  return events.reduce<SagaInstance<unknown>>(
    (instance, event) => {
      if (!('reply' in event)) return transition(saga, instance, event, env).instance;
      const commandId = instance.steps.find((s) => s.name === event.reply)!.lastCommandId!;
      const error = { code: 'X', message: 'no' };
      const reply: SagaEvent =
        event.outcome === 'success'
          ? { type: 'reply-success', stepName: event.reply, commandId, result: replyResults[event.reply] }
          : event.outcome === 'transient'
            ? { type: 'reply-transient-failure', stepName: event.reply, commandId, error }
            : { type: 'reply-business-failure', stepName: event.reply, commandId, error };
      return transition(saga, instance, reply, env).instance;
    },
    createSagaInstance(saga, startPayload.sagaId, orderData),
  );
}

describe('allowedOperatorActions', () => {
  it('allows abort, not retry, while a step before the pivot runs', () => {
    expect(allowedOperatorActions(saga, run({ type: 'started' }), NOW)).toEqual({
      retry: false,
      abort: true,
    });
  });

  it('allows retry while a step waits out a retry backoff', () => {
    const waiting = run({ type: 'started' }, { reply: 'create-order', outcome: 'transient' });
    expect(waiting.deadline?.reason).toBe('retry-backoff');
    expect(allowedOperatorActions(saga, waiting, NOW)).toEqual({ retry: true, abort: true });
  });

  it('allows neither after the pivot was sent', () => {
    const pastPivot = run(
      { type: 'started' },
      { reply: 'create-order', outcome: 'success' },
      { reply: 'reserve-inventory', outcome: 'success' },
      { reply: 'authorize-payment', outcome: 'success' },
    );
    expect(pastPivot.currentStep).toBe('schedule-shipment');
    expect(allowedOperatorActions(saga, pastPivot, NOW)).toEqual({ retry: false, abort: false });
  });

  it('allows neither once the saga is terminal, and leaves the instance untouched', () => {
    const compensated = run({ type: 'started' }, { reply: 'create-order', outcome: 'business' });
    const before = structuredClone(compensated);
    expect(compensated.status).toBe('COMPENSATED');
    expect(allowedOperatorActions(saga, compensated, NOW)).toEqual({ retry: false, abort: false });
    expect(compensated).toEqual(before);
  });

  it('allows nothing when the state machine would throw', () => {
    const other = { ...run({ type: 'started' }), type: 'other-saga' };
    expect(allowedOperatorActions(saga, other, NOW)).toEqual({ retry: false, abort: false });
  });
});
