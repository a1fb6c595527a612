import { randomUUID } from 'node:crypto';
import type { OutboxRecord } from '@app/persistence';
import {
  type SagaAttributes,
  type SagaChange,
  type SagaEvent,
  type SagaInstance,
  type StoredSaga,
  type TimelineEntry,
  createSagaInstance,
  transition,
} from '@app/saga-core';
import { orderFulfillmentSaga } from '../src/sagas/order-fulfillment';

/** Changes of order-fulfillment sagas as the engine hands them to a store, for the store's tests. */

export function applyAt(instance: SagaInstance<unknown>, event: SagaEvent) {
  const env = {
    now: new Date('2030-01-01T00:00:00.000Z'),
    ids: { next: () => randomUUID() },
    random: { next: () => 0.5 },
  };
  return transition(orderFulfillmentSaga as never, instance, event, env);
}

export const timelineOf = (effects: readonly { type: string }[]) =>
  effects.filter((effect): effect is TimelineEntry => effect.type === 'timeline');

export const outboxRow = (): OutboxRecord => ({
  id: randomUUID(),
  subject: 'saga.cmd.order.create',
  headers: { 'saga-id': 'x' },
  payload: { x: 1 },
});

export const message = (consumer = 'replies') => ({ consumer, messageId: randomUUID() });

/** A start: the saga created and started, with one command to send, handling one start message. */
export function startChange(
  attributes: Partial<SagaAttributes> = {},
  sagaId: string = randomUUID(),
): SagaChange<OutboxRecord> {
  const orderId = randomUUID();
  const created = createSagaInstance(orderFulfillmentSaga, sagaId, { orderId, items: [] } as never);
  const started = applyAt(created, { type: 'started' });
  return {
    before: {
      instance: created,
      revision: 0,
      attributes: { correlationId: 'corr-1', businessKey: orderId, ...attributes },
    },
    after: started.instance,
    effects: started.effects,
    timeline: timelineOf(started.effects),
    outgoing: [outboxRow()],
    messages: [message('starts')],
  };
}

/** The first step's reply applied to `saga` as stored. */
export function replyChange(
  saga: StoredSaga,
  commandId = saga.instance.steps[0].lastCommandId!,
): SagaChange<OutboxRecord> {
  const replied = applyAt(saga.instance, { type: 'reply-success', stepName: 'create-order', commandId });
  return {
    before: saga,
    after: replied.instance,
    effects: replied.effects,
    timeline: timelineOf(replied.effects),
    outgoing: replied.instance === saga.instance ? [] : [outboxRow(), outboxRow()],
    messages: [message()],
  };
}
