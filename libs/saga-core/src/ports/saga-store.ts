import type { SagaEffect, TimelineEntry } from '../saga-effect';
import type { SagaInstance } from '../saga-instance';

/** A message the engine handles at most once: the store records it with the change it caused. */
export interface MessageKey {
  /** The inbox the message is recorded in (one per consumer). */
  readonly consumer: string;
  readonly messageId: string;
}

/** What the store keeps beside a saga's state machine, written once when the saga is created. */
export interface SagaAttributes {
  /** Carried by every command the saga sends. */
  readonly correlationId: string;
  /** The W3C `traceparent` the saga started under, if it was traced. */
  readonly traceParent?: string;
  readonly idempotencyKey?: string | null;
  /** When the idempotency key was first used (its lifetime counts from then). */
  readonly idempotencyKeyAt?: Date;
  readonly businessKey?: string | null;
}

/** A saga as stored, with the revision used for optimistic concurrency (0: not stored yet). */
export interface StoredSaga {
  readonly instance: SagaInstance<unknown>;
  readonly revision: number;
  readonly attributes: SagaAttributes;
}

/** A new saga's idempotency key: at most one saga of a type holds it. */
export interface IdempotencyKeyRef {
  readonly sagaType: string;
  readonly idempotencyKey: string;
}

/**
 * One load: the sagas found (missing ids are absent; sagas found by idempotency key are keyed by
 * their own id) and which of the messages were handled before.
 */
export interface SagaLoad {
  readonly sagas: ReadonlyMap<string, StoredSaga>;
  /** Message ids (of the keys passed to `load`) already recorded as handled. */
  readonly handled: ReadonlySet<string>;
}

/**
 * Everything one saga's events in one batch change, written atomically or not at all.
 * `Outgoing` is the adapter's record of a message to publish (e.g. an outbox row); the engine
 * builds them with the mapping it is given and never publishes.
 */
export interface SagaChange<Outgoing = unknown> {
  /** The saga as loaded (revision 0 = create it); the write happens only if its revision is still this one. */
  readonly before: StoredSaga;
  readonly after: SagaInstance<unknown>;
  /** Every effect of every event applied, in order (timeline entries, commands, deadlines...). */
  readonly effects: readonly SagaEffect[];
  /** Timeline entries to append (the effects' entries, with any detail the caller added). */
  readonly timeline: readonly TimelineEntry[];
  /** Messages to publish once this change has committed. */
  readonly outgoing: readonly Outgoing[];
  /** Messages this change handles: it is written only if none of them was handled before. */
  readonly messages: readonly MessageKey[];
}

/**
 * `written`: committed. `conflict`: the saga's revision moved on, or (for a new saga) its id or
 * idempotency key is taken — reload and decide again. `duplicate`: one of its messages was handled
 * before — nothing written.
 */
export type SaveOutcome = 'written' | 'conflict' | 'duplicate';

/**
 * The engine's only way to the database. Both calls take a whole batch: one load, one atomic
 * save (one transaction or one statement; a saga that conflicts does not stop the others).
 */
export interface SagaStore<Outgoing = unknown> {
  /**
   * The sagas named by `sagaIds`, and those holding any of `keys` (the engine asks for these
   * after a new saga's insert conflicted, to find the saga it collided with).
   */
  load(
    sagaIds: readonly string[],
    messages?: readonly MessageKey[],
    keys?: readonly IdempotencyKeyRef[],
  ): Promise<SagaLoad>;
  /** Outcome per saga id of `changes`. Throws only when nothing was written (e.g. the database is down). */
  save(changes: readonly SagaChange<Outgoing>[]): Promise<ReadonlyMap<string, SaveOutcome>>;
}
