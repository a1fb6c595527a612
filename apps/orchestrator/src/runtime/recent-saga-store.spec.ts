import type { OutboxRecord } from '@app/persistence';
import type { SagaChange, SagaLoad, SagaStore, SaveOutcome, StoredSaga } from '@app/saga-core';
import { replyChange, startChange } from '../../test/saga-changes';
import { savedSaga } from '../persistence/store/saved-saga';
import { RecentSagaStore } from './recent-saga-store';

/** A store that answers every save with the outcomes it is told, and counts its loads. */
class FakeStore implements SagaStore<OutboxRecord> {
  loads = 0;
  outcome: SaveOutcome | 'throw' = 'written';

  load(): Promise<SagaLoad> {
    this.loads += 1;
    return Promise.resolve({ sagas: new Map(), handled: new Set(['from-the-store']) });
  }

  save(changes: readonly SagaChange<OutboxRecord>[]): Promise<ReadonlyMap<string, SaveOutcome>> {
    if (this.outcome === 'throw') return Promise.reject(new Error('connection lost'));
    const outcome = this.outcome;
    return Promise.resolve(new Map(changes.map((change) => [change.after.sagaId, outcome])));
  }
}

describe('RecentSagaStore', () => {
  let inner: FakeStore;
  let clock: number;
  let store: RecentSagaStore;

  beforeEach(() => {
    inner = new FakeStore();
    clock = 0;
    store = new RecentSagaStore(inner, { ttlMs: 1_000, now: () => clock, maxSagas: 3 });
  });

  /** A running saga this store has just written. */
  async function written(): Promise<StoredSaga> {
    const change = startChange();
    await store.save([change]);
    return savedSaga(change)!;
  }

  it('serves the sagas it last wrote, as a load would return them, with no message counted handled', async () => {
    const a = await written();
    const b = await written();
    const message = { consumer: 'orchestrator', messageId: 'm-1' };
    const load = await store.load([a.instance.sagaId, b.instance.sagaId.toUpperCase()], [message]);
    expect(inner.loads).toBe(0);
    expect(load.sagas.get(a.instance.sagaId)).toEqual(a);
    expect(load.sagas.get(b.instance.sagaId.toUpperCase())).toEqual(b);
    expect(load.handled).toEqual(new Set());
  });

  it('loads when one saga is not remembered, when a key is asked for, or once the saga is too old', async () => {
    const a = await written();
    await store.load([a.instance.sagaId, 'not-remembered']);
    expect(inner.loads).toBe(1);
    await store.load([a.instance.sagaId], [], [{ sagaType: 'order-fulfillment', idempotencyKey: 'k' }]);
    expect(inner.loads).toBe(2);
    clock = 1_001;
    await store.load([a.instance.sagaId]);
    expect(inner.loads).toBe(3);
  });

  it('forgets a saga whose save conflicted, found a handled message, failed or finished it', async () => {
    for (const outcome of ['conflict', 'duplicate', 'throw'] as const) {
      const a = await written();
      inner.outcome = outcome;
      const save = store.save([replyChange(a)]);
      if (outcome === 'throw') await expect(save).rejects.toThrow('connection lost');
      else await save;
      inner.outcome = 'written';
      const loads = inner.loads;
      await store.load([a.instance.sagaId]);
      expect(inner.loads).toBe(loads + 1);
    }

    const finishing = replyChange(await written());
    await store.save([{ ...finishing, after: { ...finishing.after, status: 'COMPLETED' } }]);
    await store.load([finishing.after.sagaId]);
    expect(inner.loads).toBe(4);
  });

  it('forgets the sagas it is told were written elsewhere, and the oldest beyond its size', async () => {
    const first = await written();
    const second = await written();
    store.forget([second.instance.sagaId.toUpperCase()]);
    await store.load([second.instance.sagaId]);
    expect(inner.loads).toBe(1);

    await written();
    await written();
    await written(); // a fourth one remembered: the first goes
    await store.load([first.instance.sagaId]);
    expect(inner.loads).toBe(2);
  });

  it('stops serving while many served sagas turn out moved on, and serves again once that has decayed', async () => {
    // Every served saga conflicts: another replica keeps writing them.
    let served = 0;
    while (served < 50) {
      const a = await written();
      const loads = inner.loads;
      await store.load([a.instance.sagaId]);
      if (inner.loads > loads) break;
      served += 1;
      inner.outcome = 'conflict';
      await store.save([replyChange(a)]);
      inner.outcome = 'written';
    }
    expect(served).toBeGreaterThan(0);
    expect(served).toBeLessThan(50);

    // Saves go on (loaded, not served); after enough of them serving is tried again.
    let saves = 0;
    for (;;) {
      const a = await written();
      saves += 1;
      const loads = inner.loads;
      await store.load([a.instance.sagaId]);
      if (inner.loads === loads) break;
      expect(saves).toBeLessThan(1_000);
    }
    expect(saves).toBeGreaterThan(1);
  });
});
