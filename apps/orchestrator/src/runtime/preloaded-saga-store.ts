import type {
  IdempotencyKeyRef,
  MessageKey,
  SagaChange,
  SagaLoad,
  SagaStore,
  SaveOutcome,
  StoredSaga,
} from '@app/saga-core';

/**
 * A store in front of `store` holding sagas its caller has loaded already (e.g. to look at them
 * before deciding the events): the first load that asks for some of them and nothing else is
 * served from memory, once; every later load (a reload after a conflict) and every save go to
 * `store`.
 */
export class PreloadedSagaStore<Outgoing> implements SagaStore<Outgoing> {
  private preloaded?: ReadonlyMap<string, StoredSaga>;

  constructor(
    private readonly store: SagaStore<Outgoing>,
    preloaded: ReadonlyMap<string, StoredSaga>,
  ) {
    this.preloaded = preloaded;
  }

  load(
    sagaIds: readonly string[],
    messages: readonly MessageKey[] = [],
    keys: readonly IdempotencyKeyRef[] = [],
  ): Promise<SagaLoad> {
    const preloaded = this.preloaded;
    this.preloaded = undefined;
    if (
      !preloaded ||
      messages.length > 0 ||
      keys.length > 0 ||
      !sagaIds.every((sagaId) => preloaded.has(sagaId))
    )
      return this.store.load(sagaIds, messages, keys);
    const sagas = new Map(sagaIds.map((sagaId) => [sagaId, preloaded.get(sagaId)!]));
    return Promise.resolve({ sagas, handled: new Set() });
  }

  save(changes: readonly SagaChange<Outgoing>[]): Promise<ReadonlyMap<string, SaveOutcome>> {
    return this.store.save(changes);
  }
}
