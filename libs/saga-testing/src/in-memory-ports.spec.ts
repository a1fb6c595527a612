import { ConcurrencyConflictError, createSagaInstance } from '@app/saga-core';
import { InMemoryOutbox } from './in-memory-outbox';
import { InMemorySagaStore } from './in-memory-saga-store';
import { ManualClock } from './manual-clock';
import { SeededRandom } from './seeded-random';
import { SequentialIdGenerator } from './sequential-id-generator';
import { tripData, tripSaga } from './testing/trip-saga.fixture';

describe('in-memory ports', () => {
  it('ManualClock moves only forward, and only when told', () => {
    const clock = new ManualClock(new Date('2025-03-01T00:00:00Z'));
    clock.advanceBy(1_500);
    expect(clock.now().toISOString()).toBe('2025-03-01T00:00:01.500Z');
    clock.advanceTo('2025-03-01T00:01:00Z');
    expect(clock.now().toISOString()).toBe('2025-03-01T00:01:00.000Z');
    expect(() => clock.advanceBy(-1)).toThrow('a clock cannot go back');
  });

  it('SequentialIdGenerator counts up with a prefix', () => {
    const ids = new SequentialIdGenerator('id-');
    expect([ids.next(), ids.next()]).toEqual(['id-1', 'id-2']);
  });

  it('SeededRandom repeats per seed and stays in [0, 1)', () => {
    const sample = (seed: number) => {
      const random = new SeededRandom(seed);
      return Array.from({ length: 1_000 }, () => random.next());
    };
    expect(sample(42)).toEqual(sample(42));
    expect(sample(42)).not.toEqual(sample(43));
    expect(sample(42).every((n) => n >= 0 && n < 1)).toBe(true);
  });

  it('InMemorySagaStore saves with optimistic revisions and hands out copies', async () => {
    const store = new InMemorySagaStore();
    const instance = createSagaInstance(tripSaga, 'saga-1', tripData);
    expect(await store.load('saga-1')).toBeUndefined();
    expect(await store.save(instance, 0)).toBe(1);
    await expect(store.save(instance, 0)).rejects.toThrow(new ConcurrencyConflictError('saga-1', 0, 1));
    expect(await store.save({ ...instance, status: 'COMPLETED' }, 1)).toBe(2);

    const loaded = await store.load('saga-1');
    expect(loaded).toEqual({ instance: { ...instance, status: 'COMPLETED' }, revision: 2 });
    loaded?.instance.steps.pop();
    expect((await store.load('saga-1'))?.instance.steps).toHaveLength(4);
  });

  it('InMemoryOutbox keeps messages in order', async () => {
    const outbox = new InMemoryOutbox();
    const contract = tripSaga.steps[0].command.contract;
    await outbox.enqueue([{ messageId: 'm1', sagaId: 's', contract, payload: {} }]);
    await outbox.enqueue([{ messageId: 'm2', sagaId: 's', contract, payload: {} }]);
    expect(outbox.messages.map((m) => m.messageId)).toEqual(['m1', 'm2']);
  });
});
