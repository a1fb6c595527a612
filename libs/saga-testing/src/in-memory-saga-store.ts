import { ConcurrencyConflictError, type SagaInstance, type SagaStore, type StoredSaga } from '@app/saga-core';

/** SagaStore with the same optimistic-revision rule as the real one; keeps copies, never references. */
export class InMemorySagaStore implements SagaStore {
  private readonly sagas = new Map<string, StoredSaga>();

  async load(sagaId: string): Promise<StoredSaga | undefined> {
    const stored = this.sagas.get(sagaId);
    return stored && { instance: structuredClone(stored.instance), revision: stored.revision };
  }

  async save(instance: SagaInstance<unknown>, expectedRevision: number): Promise<number> {
    const actualRevision = this.sagas.get(instance.sagaId)?.revision ?? 0;
    if (actualRevision !== expectedRevision) {
      throw new ConcurrencyConflictError(instance.sagaId, expectedRevision, actualRevision);
    }
    const revision = actualRevision + 1;
    this.sagas.set(instance.sagaId, { instance: structuredClone(instance), revision });
    return revision;
  }
}
