import type { OutboxRecord } from '@app/persistence';
import {
  type IdempotencyKeyRef,
  type MessageKey,
  type SagaChange,
  type SagaLoad,
  type SagaStore,
  type SaveOutcome,
  type StoredSaga,
  isTerminal,
} from '@app/saga-core';
import { savedSaga } from '../persistence/store/saved-saga';

export interface RecentSagaStoreOptions {
  /** Sagas remembered at most; the least recently saved are forgotten first (default 1000). */
  maxSagas?: number;
  /** How long a saga is remembered after its save (default 30 s). */
  ttlMs?: number;
  now?: () => number;
}

/** While at least this share of the sagas served from memory turn out moved on at their save, none is served. */
const MAX_STALE_SHARE = 0.25;
/** Weight of one more served saga in the running share. */
const STALE_WEIGHT = 0.05;

/**
 * A store in front of the runtime's saga store that remembers each running saga as this
 * process last wrote it (`savedSaga`: what a load would return then), so that the next batch
 * on it needs no load. At concurrency 1 every message of a saga but its start is served so.
 *
 * What memory cannot know, the save checks anyway (one statement, atomic per saga): a saga
 * written meanwhile by someone else (another replica, a deadline pass, an operator's note)
 * fails its revision check, and a message handled before fails the inbox check. The engine then
 * reloads that saga and decides again, as after any conflict, and the saga is forgotten here.
 * A load is served only when it asks for no idempotency key and every saga it names is
 * remembered. When too many served sagas turn out to have moved on (several replicas sharing the
 * sagas), it stops serving until that share has decayed with the saves.
 */
export class RecentSagaStore implements SagaStore<OutboxRecord> {
  private readonly sagas = new Map<string, { saga: StoredSaga; until: number }>();
  private readonly maxSagas: number;
  private readonly ttlMs: number;
  private readonly now: () => number;
  /** The share of served sagas that had moved on, as a running average. */
  private staleShare = 0;
  /** The sagas of the last load served from memory, until their save. */
  private served = new Set<string>();

  constructor(
    private readonly store: SagaStore<OutboxRecord>,
    options: RecentSagaStoreOptions = {},
  ) {
    this.maxSagas = options.maxSagas ?? 1_000;
    this.ttlMs = options.ttlMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  load(
    sagaIds: readonly string[],
    messages: readonly MessageKey[] = [],
    keys: readonly IdempotencyKeyRef[] = [],
  ): Promise<SagaLoad> {
    const remembered = keys.length === 0 && this.staleShare < MAX_STALE_SHARE && this.recall(sagaIds);
    if (!remembered) return this.store.load(sagaIds, messages, keys);
    this.served = new Set(sagaIds.map((sagaId) => sagaId.toLowerCase()));
    // None of the messages counts as handled here: the save's inbox check tells otherwise.
    return Promise.resolve({ sagas: remembered, handled: new Set() });
  }

  async save(changes: readonly SagaChange<OutboxRecord>[]): Promise<ReadonlyMap<string, SaveOutcome>> {
    let saved: ReadonlyMap<string, SaveOutcome>;
    try {
      saved = await this.store.save(changes);
    } catch (error) {
      // Whether anything was written is not known here.
      this.forget(changes.map((change) => change.after.sagaId));
      throw error;
    }
    for (const change of changes) {
      const id = change.after.sagaId.toLowerCase();
      const outcome = saved.get(change.after.sagaId);
      this.count(this.served.delete(id), outcome);
      this.sagas.delete(id);
      const written = outcome === 'written' && !isTerminal(change.after.status);
      const saga = written ? savedSaga(change) : undefined;
      if (saga) this.remember(id, saga);
    }
    return saved;
  }

  /** Sagas written elsewhere (e.g. by a deadline pass in its own transaction): loaded next time. */
  forget(sagaIds: readonly string[]): void {
    for (const sagaId of sagaIds) this.sagas.delete(sagaId.toLowerCase());
  }

  /** Every saga named, if each is remembered and still fresh. */
  private recall(sagaIds: readonly string[]): Map<string, StoredSaga> | undefined {
    if (sagaIds.length === 0) return undefined;
    const now = this.now();
    const sagas = new Map<string, StoredSaga>();
    for (const sagaId of sagaIds) {
      const entry = this.sagas.get(sagaId.toLowerCase());
      if (!entry || entry.until < now) return undefined;
      sagas.set(sagaId, entry.saga);
    }
    return sagas;
  }

  private count(served: boolean, outcome: SaveOutcome | undefined): void {
    if (served) {
      this.staleShare = this.staleShare * (1 - STALE_WEIGHT) + (outcome === 'conflict' ? STALE_WEIGHT : 0);
    } else if (this.staleShare >= MAX_STALE_SHARE) {
      // Not serving: the share decays with the saves, so that serving is tried again later.
      this.staleShare *= 1 - STALE_WEIGHT / 4;
    }
  }

  private remember(id: string, saga: StoredSaga): void {
    this.sagas.set(id, { saga, until: this.now() + this.ttlMs });
    if (this.sagas.size > this.maxSagas) this.sagas.delete(this.sagas.keys().next().value as string);
  }
}
