import { InMemorySagaStore, ManualClock, SequentialIdGenerator } from '@app/saga-testing';
import type { SagaChange, SagaStore } from '../ports/saga-store';
import type { SagaDefinition } from '../saga-definition';
import { createSagaInstance } from '../saga-instance';
import { SagaRegistry } from '../saga-registry';
import { T0, shopData, shopSaga } from '../testing/shop-saga.fixture';
import type { EngineInput } from './engine-input';
import { SagaConflictError, SagaEngine } from './saga-engine';

/** What the test's outgoing mapping makes of a command: enough to see what was sent, why, for whom. */
interface Sent {
  sagaId: string;
  commandId: string;
  type: string;
  causationId?: string;
}

const registry = new SagaRegistry([shopSaga as SagaDefinition<unknown>]);

/** Counts the engine's calls and lets a test act between a load and the save that follows it. */
class ObservedStore implements SagaStore<Sent> {
  loads = 0;
  saves = 0;
  beforeSave?: (save: number) => Promise<void> | void;

  constructor(readonly inner: InMemorySagaStore<Sent>) {}

  load(...args: Parameters<SagaStore<Sent>['load']>) {
    this.loads += 1;
    return this.inner.load(...args);
  }

  async save(changes: readonly SagaChange<Sent>[]) {
    this.saves += 1;
    await this.beforeSave?.(this.saves);
    return this.inner.save(changes);
  }
}

function setup(options: { idempotencyKeyTtlMs?: number; maxConflictRetries?: number } = {}) {
  const memory = new InMemorySagaStore<Sent>({ idempotencyKeyTtlMs: options.idempotencyKeyTtlMs });
  const store = new ObservedStore(memory);
  const clock = new ManualClock(T0);
  const engine = new SagaEngine<Sent>({
    store,
    definitions: registry,
    clock,
    ids: new SequentialIdGenerator(),
    random: { next: () => 0.5 },
    maxConflictRetries: options.maxConflictRetries,
    outgoing: ({ instance, effects, causationId }) =>
      effects.flatMap((effect) =>
        effect.type === 'send-command'
          ? [
              {
                sagaId: instance.sagaId,
                commandId: effect.commandId,
                type: effect.contract.type,
                causationId,
              },
            ]
          : [],
      ),
  });
  return { engine, store, memory, clock };
}

function start(sagaId: string, messageId = `start-${sagaId}`, idempotencyKey: string | null = null, at = T0) {
  return {
    sagaId,
    message: { consumer: 'starts', messageId },
    causationId: messageId,
    event: () => ({ type: 'started' }),
    start: {
      instance: createSagaInstance(shopSaga as SagaDefinition<unknown>, sagaId, shopData),
      attributes: { correlationId: `corr-${sagaId}`, idempotencyKey, idempotencyKeyAt: at },
      collisionDetail: { requestedSagaId: sagaId },
    },
  } satisfies EngineInput;
}

/** A success reply to whatever command the step awaits when the reply's turn comes. */
function reply(sagaId: string, stepName: string, messageId: string, result: object = {}): EngineInput {
  return {
    sagaId,
    message: { consumer: 'replies', messageId },
    causationId: messageId,
    event: ({ instance }) => ({
      type: 'reply-success',
      stepName,
      commandId: instance.steps.find((step) => step.name === stepName)!.lastCommandId!,
      result,
    }),
  };
}

const ids = (count: number, prefix: string) => Array.from({ length: count }, (_, i) => `${prefix}-${i + 1}`);

describe('SagaEngine over the in-memory store', () => {
  it('starts a batch of sagas and applies a batch of replies for all of them in one load and one save each', async () => {
    const { engine, store, memory } = setup();
    const sagas = ids(20, 'saga');

    const started = await engine.run(sagas.map((id) => start(id)));
    const replied = await engine.run(
      sagas.map((id) => reply(id, 'hold-stock', `r-${id}`, { holdId: `h-${id}` })),
    );

    expect(started.outcomes).toEqual(sagas.map((sagaId) => ({ kind: 'started', sagaId })));
    expect(replied.outcomes.map((outcome) => outcome.kind)).toEqual(sagas.map(() => 'applied'));
    expect([store.loads, store.saves]).toEqual([2, 2]);
    expect(replied.committed).toHaveLength(20);
    for (const sagaId of sagas) {
      const saga = memory.get(sagaId)!;
      expect(saga.revision).toBe(2);
      expect(saga.instance.steps.map((step) => step.status).slice(0, 2)).toEqual(['SUCCEEDED', 'RUNNING']);
      expect(saga.instance.data).toMatchObject({ holdId: `h-${sagaId}` });
    }
    const sent = memory.outgoing().filter((message) => message.sagaId === 'saga-7');
    expect(sent.map(({ type, causationId }) => [type, causationId])).toEqual([
      ['stock.hold', 'start-saga-7'],
      ['card.charge', 'r-saga-7'],
    ]);
  });

  it('applies two events for one saga in one batch in sequence, on the evolving state, in one write', async () => {
    const { engine, memory } = setup();
    await engine.run([start('s1')]);

    const { outcomes, committed } = await engine.run([
      reply('s1', 'hold-stock', 'r1', { holdId: 'h1' }),
      reply('s1', 'charge-card', 'r2', { chargeId: 'c1' }),
    ]);

    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['applied', 'applied']);
    expect(committed).toHaveLength(1);
    expect(committed[0].messages.map((message) => message.messageId)).toEqual(['r1', 'r2']);
    const saga = memory.get('s1')!;
    expect(saga.revision).toBe(2);
    expect(saga.instance.currentStep).toBe('ship-parcel');
    expect(saga.instance.data).toMatchObject({ holdId: 'h1', chargeId: 'c1' });
    expect(memory.timeline('s1').map((entry) => entry.kind)).toEqual([
      'saga-started',
      'command-sent',
      'reply-received',
      'command-sent',
      'reply-received',
      'command-sent',
    ]);
  });

  it('applies a message once, whether it comes twice in one batch or again in a later one', async () => {
    const { engine, memory } = setup();
    await engine.run([start('s1'), start('s2')]);

    const first = await engine.run([
      reply('s1', 'hold-stock', 'r1', { holdId: 'h1' }),
      reply('s1', 'hold-stock', 'r1', { holdId: 'h1' }),
      reply('s2', 'hold-stock', 'r2', { holdId: 'h2' }),
    ]);
    const again = await engine.run([reply('s1', 'hold-stock', 'r1', { holdId: 'h1' }), start('s2')]);

    expect(first.outcomes.map((outcome) => outcome.kind)).toEqual([
      'applied',
      'duplicate-message',
      'applied',
    ]);
    expect(again.outcomes.map((outcome) => outcome.kind)).toEqual(['duplicate-message', 'duplicate-message']);
    expect(again.committed).toEqual([]);
    expect(memory.get('s1')!.revision).toBe(2);
    expect(memory.outgoing().filter((message) => message.type === 'card.charge')).toHaveLength(2);
  });

  it('reloads and reapplies a saga that changed between its load and its save, and only that saga', async () => {
    const { engine, store, memory } = setup();
    await engine.run([start('s1'), start('s2')]);
    // Another orchestrator, on the same store, applies a hold-stock reply of s1 while this one decides.
    const rival = new SagaEngine<Sent>({
      store: memory,
      definitions: registry,
      clock: new ManualClock(T0),
      ids: new SequentialIdGenerator('rival-'),
      random: { next: () => 0.5 },
      outgoing: () => [],
    });
    store.beforeSave = async (save) => {
      if (save === 2) await rival.run([reply('s1', 'hold-stock', 'rival-reply', { holdId: 'from-rival' })]);
    };

    const { outcomes } = await engine.run([
      reply('s1', 'hold-stock', 'late', { holdId: 'h1' }),
      reply('s2', 'hold-stock', 'r2', { holdId: 'h2' }),
    ]);

    // Decided again on the rival's state, the reply answers a step already answered: a duplicate reply.
    expect(outcomes).toMatchObject([
      { kind: 'applied', sagaId: 's1', changed: false },
      { kind: 'applied', sagaId: 's2', changed: true },
    ]);
    expect([store.loads, store.saves]).toEqual([3, 3]);
    expect(memory.get('s1')!.instance.data).toMatchObject({ holdId: 'from-rival' });
    expect(memory.get('s2')!.revision).toBe(2);
    expect(memory.timeline('s1').at(-1)).toMatchObject({ kind: 'duplicate-reply' });
    expect(memory.wasHandled({ consumer: 'replies', messageId: 'late' })).toBe(true);
  });

  it('fails only the inputs of a saga that keeps conflicting, after its rounds run out', async () => {
    const { engine, store, memory } = setup({ maxConflictRetries: 2 });
    await engine.run([start('s1'), start('s2')]);
    store.beforeSave = async (save) => {
      if (save < 2) return;
      // Someone else writes s1 before every save.
      const stored = memory.get('s1')!;
      await memory.save([
        { before: stored, after: stored.instance, effects: [], timeline: [], outgoing: [], messages: [] },
      ]);
    };

    const { outcomes } = await engine.run([
      reply('s1', 'hold-stock', 'r1', { holdId: 'h1' }),
      reply('s2', 'hold-stock', 'r2', { holdId: 'h2' }),
    ]);

    expect(outcomes[0]).toMatchObject({ kind: 'failed', sagaId: 's1' });
    expect(outcomes[0].kind === 'failed' && outcomes[0].error).toBeInstanceOf(SagaConflictError);
    expect(outcomes[1]).toMatchObject({ kind: 'applied', sagaId: 's2' });
    expect(store.saves).toBe(1 + 3);
    expect(memory.wasHandled({ consumer: 'replies', messageId: 'r1' })).toBe(false);
  });

  it('isolates an input whose event cannot be derived, and one for a saga that does not exist', async () => {
    const { engine, memory } = setup();
    await engine.run([start('s1'), start('s2')]);
    const broken: EngineInput = {
      sagaId: 's1',
      message: { consumer: 'replies', messageId: 'bad' },
      event: () => {
        throw new Error('saga s1 sends no parcel.unship command');
      },
    };

    const { outcomes, committed } = await engine.run([
      broken,
      reply('nobody', 'hold-stock', 'r0'),
      reply('s1', 'hold-stock', 'r1', { holdId: 'h1' }),
      reply('s2', 'hold-stock', 'r2', { holdId: 'h2' }),
    ]);

    expect(outcomes[0]).toMatchObject({
      kind: 'failed',
      sagaId: 's1',
      error: { message: expect.stringContaining('parcel.unship') },
    });
    expect(outcomes.slice(1).map((outcome) => outcome.kind)).toEqual(['not-found', 'applied', 'applied']);
    expect(committed.map((change) => change.after.sagaId)).toEqual(['s1', 's2']);
    expect(memory.wasHandled({ consumer: 'replies', messageId: 'bad' })).toBe(false);
  });

  it('fails the whole batch when the store cannot save, writing nothing', async () => {
    const { engine, store, memory } = setup();
    await engine.run([start('s1')]);
    store.beforeSave = () => {
      throw new Error('database down');
    };

    await expect(engine.run([reply('s1', 'hold-stock', 'r1', { holdId: 'h1' })])).rejects.toThrow(
      'database down',
    );
    expect(memory.get('s1')!.revision).toBe(1);
  });

  it('writes nothing for an event that changes nothing (a deadline not due yet)', async () => {
    const { engine, store } = setup();
    await engine.run([start('s1')]);

    const { outcomes } = await engine.run([{ sagaId: 's1', event: () => ({ type: 'deadline-reached' }) }]);

    expect(outcomes).toMatchObject([{ kind: 'applied', changed: false }]);
    expect(store.saves).toBe(1);
  });

  describe('starts', () => {
    it('notes a start for an existing saga id on that saga instead of creating one', async () => {
      const { engine, memory } = setup();
      await engine.run([start('s1')]);

      const { outcomes } = await engine.run([start('s1', 'second-start')]);

      expect(outcomes).toEqual([{ kind: 'duplicate-saga', sagaId: 's1' }]);
      expect(memory.timeline('s1').at(-1)).toMatchObject({
        kind: 'duplicate-start',
        detail: { requestedSagaId: 's1' },
      });
      expect(memory.outgoing().filter((message) => message.sagaId === 's1')).toHaveLength(1);
    });

    it('starts one saga per idempotency key, in one batch or across batches, and notes the others on it', async () => {
      const { engine, memory } = setup();

      const together = await engine.run([start('a', 'ma', 'key-1'), start('b', 'mb', 'key-1')]);
      const later = await engine.run([start('c', 'mc', 'key-1')]);

      expect(together.outcomes).toEqual([
        { kind: 'started', sagaId: 'a' },
        { kind: 'duplicate-saga', sagaId: 'a' },
      ]);
      expect(later.outcomes).toEqual([{ kind: 'duplicate-saga', sagaId: 'a' }]);
      expect(memory.get('b')).toBeUndefined();
      expect(memory.get('c')).toBeUndefined();
      expect(
        memory
          .timeline('a')
          .filter((entry) => entry.kind === 'duplicate-start')
          .map((entry) => entry.detail.requestedSagaId),
      ).toEqual(['b', 'c']);
    });

    it('lets a start take over a key whose lifetime has passed', async () => {
      const { engine, memory } = setup({ idempotencyKeyTtlMs: 60_000 });
      await engine.run([start('a', 'ma', 'key-1', T0)]);

      const { outcomes } = await engine.run([start('b', 'mb', 'key-1', new Date(T0.getTime() + 60_001))]);

      expect(outcomes).toEqual([{ kind: 'started', sagaId: 'b' }]);
      expect(memory.get('b')!.attributes.idempotencyKey).toBe('key-1');
      expect(memory.get('a')!.attributes.idempotencyKey).toBeNull();
    });
  });
});
