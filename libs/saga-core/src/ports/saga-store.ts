import type { SagaInstance } from '../saga-instance';

/** A saga instance as stored, with the revision used for optimistic concurrency. */
export interface StoredSaga {
  readonly instance: SagaInstance<unknown>;
  readonly revision: number;
}

export interface SagaStore {
  load(sagaId: string): Promise<StoredSaga | undefined>;
  /**
   * Writes the instance if its stored revision is still `expectedRevision` (0 = not stored yet)
   * and returns the new revision; otherwise throws `ConcurrencyConflictError`.
   */
  save(instance: SagaInstance<unknown>, expectedRevision: number): Promise<number>;
}

export class ConcurrencyConflictError extends Error {
  constructor(
    readonly sagaId: string,
    readonly expectedRevision: number,
    readonly actualRevision: number,
  ) {
    super(
      `saga ${sagaId} was changed concurrently: expected revision ${expectedRevision}, found ${actualRevision}`,
    );
    this.name = 'ConcurrencyConflictError';
  }
}
