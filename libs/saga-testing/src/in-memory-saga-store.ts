import type {
  IdempotencyKeyRef,
  MessageKey,
  SagaChange,
  SagaLoad,
  SagaStore,
  SaveOutcome,
  StoredSaga,
  TimelineEntry,
} from '@app/saga-core';

export interface InMemorySagaStoreOptions {
  /**
   * How long an idempotency key names one saga, counted from its `idempotencyKeyAt`: a new saga
   * whose key was used longer ago than this before its own takes the key over. Default: forever.
   */
  idempotencyKeyTtlMs?: number;
}

/**
 * A `SagaStore` in memory, with the real one's rules: a change is written only if the saga's
 * revision is still the one it was decided on and none of its messages was handled; a new saga
 * only if no saga has its id or (per type) its idempotency key. It hands out and keeps copies,
 * never the caller's objects. Also keeps what a database would (timeline, outgoing messages).
 */
export class InMemorySagaStore<Outgoing = unknown> implements SagaStore<Outgoing> {
  private readonly sagas = new Map<string, StoredSaga>();
  private readonly handled = new Set<string>();
  private readonly timelines = new Map<string, TimelineEntry[]>();
  private readonly sent: Outgoing[] = [];

  constructor(private readonly options: InMemorySagaStoreOptions = {}) {}

  load(
    sagaIds: readonly string[],
    messages: readonly MessageKey[] = [],
    keys: readonly IdempotencyKeyRef[] = [],
  ): Promise<SagaLoad> {
    const sagas = new Map<string, StoredSaga>();
    for (const sagaId of sagaIds) {
      const saga = this.sagas.get(sagaId);
      if (saga) sagas.set(sagaId, structuredClone(saga));
    }
    for (const { sagaType, idempotencyKey } of keys) {
      const holder = this.keyHolder(sagaType, idempotencyKey);
      if (holder) sagas.set(holder.instance.sagaId, structuredClone(holder));
    }
    const handled = new Set(
      messages.filter((message) => this.handled.has(messageKey(message))).map((m) => m.messageId),
    );
    return Promise.resolve({ sagas, handled });
  }

  save(changes: readonly SagaChange<Outgoing>[]): Promise<ReadonlyMap<string, SaveOutcome>> {
    const outcomes = new Map<string, SaveOutcome>();
    for (const change of changes) {
      const outcome = this.outcomeOf(change);
      outcomes.set(change.after.sagaId, outcome);
      if (outcome === 'written') this.write(change);
    }
    return Promise.resolve(outcomes);
  }

  /** The saga as stored (a copy), or undefined. */
  get(sagaId: string): StoredSaga | undefined {
    const saga = this.sagas.get(sagaId);
    return saga && structuredClone(saga);
  }

  /** Every timeline entry written for the saga, oldest first. */
  timeline(sagaId: string): TimelineEntry[] {
    return structuredClone(this.timelines.get(sagaId) ?? []);
  }

  /** Every outgoing message of every written change, in the order written. */
  outgoing(): Outgoing[] {
    return structuredClone(this.sent);
  }

  /** Whether the message was recorded as handled. */
  wasHandled(message: MessageKey): boolean {
    return this.handled.has(messageKey(message));
  }

  private outcomeOf(change: SagaChange<Outgoing>): SaveOutcome {
    if (change.messages.some((message) => this.handled.has(messageKey(message)))) return 'duplicate';
    const { sagaId } = change.after;
    const stored = this.sagas.get(sagaId);
    if (change.before.revision === 0) {
      if (stored) return 'conflict';
      const key = change.before.attributes.idempotencyKey;
      const holder = key ? this.keyHolder(change.after.type, key) : undefined;
      if (holder && !this.expiredFor(holder, change)) return 'conflict';
      if (holder) this.releaseKey(holder);
      return 'written';
    }
    return stored?.revision === change.before.revision ? 'written' : 'conflict';
  }

  private write(change: SagaChange<Outgoing>): void {
    const { sagaId } = change.after;
    this.sagas.set(
      sagaId,
      structuredClone({
        instance: change.after,
        revision: change.before.revision + 1,
        attributes: change.before.attributes,
      }),
    );
    for (const message of change.messages) this.handled.add(messageKey(message));
    const timeline = this.timelines.get(sagaId) ?? [];
    timeline.push(...structuredClone(change.timeline));
    this.timelines.set(sagaId, timeline);
    this.sent.push(...structuredClone(change.outgoing));
  }

  private keyHolder(sagaType: string, idempotencyKey: string): StoredSaga | undefined {
    return [...this.sagas.values()].find(
      (saga) => saga.instance.type === sagaType && saga.attributes.idempotencyKey === idempotencyKey,
    );
  }

  /** The holder's key was first used longer than the lifetime before the new saga's. */
  private expiredFor(holder: StoredSaga, change: SagaChange<Outgoing>): boolean {
    const ttl = this.options.idempotencyKeyTtlMs;
    const heldSince = holder.attributes.idempotencyKeyAt;
    const wanted = change.before.attributes.idempotencyKeyAt;
    if (ttl === undefined || !heldSince || !wanted) return false;
    return heldSince.getTime() < wanted.getTime() - ttl;
  }

  private releaseKey(holder: StoredSaga): void {
    const saga = this.sagas.get(holder.instance.sagaId)!;
    // As the database's: releasing a key is not a change of the saga (its revision stays).
    this.sagas.set(holder.instance.sagaId, {
      ...saga,
      attributes: { ...saga.attributes, idempotencyKey: null },
    });
  }
}

function messageKey(message: MessageKey): string {
  return `${message.consumer}\u0000${message.messageId}`;
}
