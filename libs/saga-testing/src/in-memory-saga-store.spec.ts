import { type SagaChange, type SagaDefinition, createSagaInstance } from '@app/saga-core';
import { tripData, tripSaga } from './testing/trip-saga.fixture';
import { InMemorySagaStore } from './in-memory-saga-store';

const created = (sagaId: string, idempotencyKey: string | null = null): SagaChange => {
  const instance = createSagaInstance(tripSaga as SagaDefinition<unknown>, sagaId, tripData);
  return {
    before: {
      instance,
      revision: 0,
      attributes: {
        correlationId: sagaId,
        idempotencyKey,
        idempotencyKeyAt: new Date('2025-01-01T00:00:00.000Z'),
      },
    },
    after: instance,
    effects: [],
    timeline: [],
    outgoing: [],
    messages: [{ consumer: 'starts', messageId: `m-${sagaId}` }],
  };
};

describe('InMemorySagaStore', () => {
  it('hands out copies: changing a loaded saga changes nothing stored', async () => {
    const store = new InMemorySagaStore();
    await store.save([created('s1')]);

    const { sagas } = await store.load(['s1']);
    sagas.get('s1')!.instance.status = 'FAILED';

    expect(store.get('s1')!.instance.status).toBe('RUNNING');
  });

  it('writes a change only on the revision it was decided on, and each message once', async () => {
    const store = new InMemorySagaStore();
    await store.save([created('s1')]);
    const { sagas } = await store.load(['s1']);
    const stored = sagas.get('s1')!;
    const change = (messageId: string): SagaChange => ({
      before: stored,
      after: stored.instance,
      effects: [],
      timeline: [],
      outgoing: [],
      messages: [{ consumer: 'replies', messageId }],
    });

    expect(await store.save([change('r1')])).toEqual(new Map([['s1', 'written']]));
    expect(await store.save([change('r2')])).toEqual(new Map([['s1', 'conflict']]));
    expect(await store.save([change('r1')])).toEqual(new Map([['s1', 'duplicate']]));
    expect(store.get('s1')!.revision).toBe(2);
  });

  it('refuses a new saga whose id or (per type) idempotency key is taken, and finds the key holder', async () => {
    const store = new InMemorySagaStore();
    await store.save([created('a', 'k')]);

    const again = { ...created('a'), messages: [{ consumer: 'starts', messageId: 'another-start' }] };
    const outcomes = await store.save([again, created('b', 'k'), created('c', 'other')]);
    const load = await store.load([], [], [{ sagaType: 'trip', idempotencyKey: 'k' }]);

    expect(outcomes).toEqual(
      new Map([
        ['a', 'conflict'],
        ['b', 'conflict'],
        ['c', 'written'],
      ]),
    );
    expect([...load.sagas.keys()]).toEqual(['a']);
  });
});
