import { type SagaChange, type SagaStore, createSagaInstance } from '@app/saga-core';
import { InMemorySagaStore } from '@app/saga-testing';
import { orderFulfillmentSaga } from '../sagas/order-fulfillment';
import { PreloadedSagaStore } from './preloaded-saga-store';

/** A store that counts the loads reaching it. */
function countingStore() {
  const inner = new InMemorySagaStore();
  const loads: string[][] = [];
  const store: SagaStore = {
    load: (ids, messages, keys) => {
      loads.push([...ids]);
      return inner.load(ids, messages, keys);
    },
    save: (changes) => inner.save(changes),
  };
  return { store, loads };
}

async function storedSagas(store: SagaStore, ids: string[]) {
  const changes = ids.map((sagaId): SagaChange => {
    const instance = createSagaInstance(orderFulfillmentSaga, sagaId, {
      orderId: sagaId,
      items: [],
    } as never);
    return {
      before: { instance, revision: 0, attributes: { correlationId: sagaId } },
      after: instance,
      effects: [],
      timeline: [],
      outgoing: [],
      messages: [],
    };
  });
  await store.save(changes);
  return (await store.load(ids)).sagas;
}

describe('PreloadedSagaStore', () => {
  it('serves the first load of preloaded sagas from memory, and every later load from the store', async () => {
    const { store, loads } = countingStore();
    const sagas = await storedSagas(store, ['a', 'b']);
    loads.length = 0;
    const preloaded = new PreloadedSagaStore(store, sagas);

    const first = await preloaded.load(['b']);
    const second = await preloaded.load(['b']);

    expect([...first.sagas.keys()]).toEqual(['b']);
    expect(first.sagas.get('b')).toBe(sagas.get('b'));
    expect(first.handled).toEqual(new Set());
    expect(loads).toEqual([['b']]);
    expect(second.sagas.get('b')).toEqual(sagas.get('b'));
  });

  it('asks the store when a load wants a saga it does not hold, or messages, or keys', async () => {
    const { store, loads } = countingStore();
    const sagas = await storedSagas(store, ['a']);
    loads.length = 0;

    await new PreloadedSagaStore(store, sagas).load(['a', 'other']);
    await new PreloadedSagaStore(store, sagas).load(['a'], [{ consumer: 'c', messageId: 'm' }]);
    await new PreloadedSagaStore(store, sagas).load(['a'], [], [{ sagaType: 't', idempotencyKey: 'k' }]);

    expect(loads).toEqual([['a', 'other'], ['a'], ['a']]);
  });

  it('saves through the store', async () => {
    const { store } = countingStore();
    const sagas = await storedSagas(store, ['a']);
    const saga = sagas.get('a')!;
    const preloaded = new PreloadedSagaStore(store, sagas);

    const saved = await preloaded.save([
      { before: saga, after: saga.instance, effects: [], timeline: [], outgoing: [], messages: [] },
    ]);

    expect(saved).toEqual(new Map([['a', 'written']]));
    expect((await store.load(['a'])).sagas.get('a')!.revision).toBe(2);
  });
});
