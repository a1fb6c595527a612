import type { SagaDefinition } from '../saga-definition';
import type { SagaEffect } from '../saga-effect';
import type { SagaEvent } from '../saga-event';
import type { SagaInstance } from '../saga-instance';
import type { Rejection } from '../transition';
import type { MessageKey, SagaAttributes, StoredSaga } from '../ports/saga-store';

/** A saga to create, if no saga has its id (or, with a key, its idempotency key) yet. */
export interface NewSaga {
  /** All steps PENDING (`createSagaInstance`); the engine applies `started` to it. */
  readonly instance: SagaInstance<unknown>;
  readonly attributes: SagaAttributes;
  /** Added to the timeline of the saga the start found already there (e.g. which saga it asked for). */
  readonly collisionDetail?: Record<string, unknown>;
}

/**
 * One message (or timer, or operator action) for one saga. `event` decides what it means for the
 * saga as it stands when the input's turn comes; it may throw, and then only this input fails.
 */
export interface EngineInput {
  readonly sagaId: string;
  /** The inbox record: the input is applied at most once per message. */
  readonly message?: MessageKey;
  /** The message that caused the messages this input sends. */
  readonly causationId?: string;
  readonly event: (saga: StoredSaga, definition: SagaDefinition<unknown>) => SagaEvent;
  /** Added to each timeline entry this input writes. */
  readonly timelineDetail?: Record<string, unknown>;
  /** Set for a start: create this saga, or apply `started` to the saga already holding its id or key. */
  readonly start?: NewSaga;
  /** Runs the input's decision in a context of the caller's (e.g. the saga's trace). */
  readonly around?: <T>(saga: StoredSaga, event: SagaEvent, decide: () => T) => Promise<T>;
}

/**
 * `applied`: the event was applied and written (`changed`: false when it only wrote the timeline,
 * e.g. a late reply, or changed nothing at all). `started`: a new saga. `duplicate-saga`: a saga
 * with the start's id or key existed; `sagaId` is that saga. `duplicate-message`: the message was
 * handled before (or earlier in the batch). `failed`: only this input; `error` says why.
 */
export type EngineOutcome =
  | {
      readonly kind: 'applied';
      readonly sagaId: string;
      readonly changed: boolean;
      readonly instance: SagaInstance<unknown>;
      readonly rejection?: Rejection;
    }
  | { readonly kind: 'started'; readonly sagaId: string }
  | { readonly kind: 'duplicate-saga'; readonly sagaId: string }
  | { readonly kind: 'duplicate-message'; readonly sagaId: string }
  | { readonly kind: 'not-found'; readonly sagaId: string }
  | { readonly kind: 'failed'; readonly sagaId: string; readonly error: Error };

/** What one applied event asks the outgoing-message mapping for. */
export interface AppliedEvent {
  /** The saga after the event. */
  readonly instance: SagaInstance<unknown>;
  readonly attributes: SagaAttributes;
  readonly effects: readonly SagaEffect[];
  readonly causationId?: string;
}
