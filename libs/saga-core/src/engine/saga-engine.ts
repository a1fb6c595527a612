import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import type { RandomSource } from '../ports/random-source';
import type {
  IdempotencyKeyRef,
  MessageKey,
  SagaChange,
  SagaLoad,
  SagaStore,
  StoredSaga,
} from '../ports/saga-store';
import type { SagaDefinition } from '../saga-definition';
import type { SagaEffect, TimelineEntry } from '../saga-effect';
import type { SagaEvent } from '../saga-event';
import type { SagaInstance } from '../saga-instance';
import { transition, type TransitionResult } from '../transition';
import type { AppliedEvent, EngineInput, EngineOutcome, NewSaga } from './engine-input';

export interface SagaEngineOptions<Outgoing> {
  readonly store: SagaStore<Outgoing>;
  /** The definition each stored saga runs on (a `SagaRegistry`). */
  readonly definitions: { get(type: string, version: number): SagaDefinition<unknown> };
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly random: RandomSource;
  /** The messages an applied event sends, as the store keeps them (e.g. outbox rows). */
  readonly outgoing: (applied: AppliedEvent) => readonly Outgoing[];
  /** Reload-and-reapply rounds for sagas whose save conflicted, before their inputs fail (default 5). */
  readonly maxConflictRetries?: number;
}

export interface EngineResult<Outgoing> {
  /** One per input, in the inputs' order. */
  readonly outcomes: readonly EngineOutcome[];
  /** The changes the store committed: what to publish and whom to tell. */
  readonly committed: readonly SagaChange<Outgoing>[];
}

/** The saga kept changing (or its new id or key kept colliding) under every round: try the input again later. */
export class SagaConflictError extends Error {
  constructor(sagaId: string, rounds: number) {
    super(`saga ${sagaId} kept changing under ${rounds} attempts to apply an event`);
    this.name = 'SagaConflictError';
  }
}

/** One saga's part of a round: its state as loaded, and what the inputs applied to it so far. */
interface SagaWork<Outgoing> {
  readonly before: StoredSaga;
  current: SagaInstance<unknown>;
  readonly effects: SagaEffect[];
  readonly timeline: TimelineEntry[];
  readonly outgoing: Outgoing[];
  readonly messages: MessageKey[];
  /** The inputs written with this saga, and what each will have done once it is. */
  readonly inputs: { index: number; outcome: EngineOutcome }[];
}

/**
 * The saga engine loop over a batch: one `load` for all the batch's sagas, the events applied in
 * arrival order in memory (several for one saga apply in sequence), one `save` for all the
 * changes; the sagas whose save conflicted are reloaded and decided again, alone. One input's
 * failure never fails another's (only a store that throws fails them all).
 */
export class SagaEngine<Outgoing = unknown> {
  private readonly maxConflictRetries: number;

  constructor(private readonly options: SagaEngineOptions<Outgoing>) {
    this.maxConflictRetries = options.maxConflictRetries ?? 5;
  }

  async run(inputs: readonly EngineInput[]): Promise<EngineResult<Outgoing>> {
    const outcomes: EngineOutcome[] = new Array<EngineOutcome>(inputs.length);
    const committed: SagaChange<Outgoing>[] = [];
    const batch: BatchState = { twins: new Map(), collided: new Set() };
    let pending = inputs.map((_, index) => index);
    for (let round = 0; pending.length > 0; round += 1) {
      if (round > this.maxConflictRetries) {
        for (const index of pending) {
          const { sagaId } = inputs[index];
          outcomes[index] = { kind: 'failed', sagaId, error: new SagaConflictError(sagaId, round) };
        }
        break;
      }
      try {
        pending = await this.round(inputs, pending, outcomes, committed, batch);
      } catch (error) {
        // Nothing of this batch has been written yet: the caller decides for all of it.
        if (round === 0) throw error;
        for (const index of pending)
          outcomes[index] = { kind: 'failed', sagaId: inputs[index].sagaId, error: error as Error };
        break;
      }
    }
    // A message seen twice in the batch is a duplicate once the first copy is written, and fails with it.
    for (const [index, first] of batch.twins) {
      const original = outcomes[first];
      outcomes[index] =
        original.kind === 'failed' ? original : { kind: 'duplicate-message', sagaId: inputs[index].sagaId };
    }
    return { outcomes, committed };
  }

  /** One load, the inputs decided in memory, one save; returns the inputs to decide again. */
  private async round(
    inputs: readonly EngineInput[],
    pending: readonly number[],
    outcomes: EngineOutcome[],
    committed: SagaChange<Outgoing>[],
    batch: BatchState,
  ): Promise<number[]> {
    const load = await this.load(inputs, pending, batch);
    const sagas = new Map<string, SagaWork<Outgoing>>();
    const seen = new Map<string, number>();
    for (const index of pending) {
      const input = inputs[index];
      if (input.message) {
        if (load.handled.has(input.message.messageId)) {
          outcomes[index] = { kind: 'duplicate-message', sagaId: input.sagaId };
          continue;
        }
        const key = messageKey(input.message);
        const first = seen.get(key);
        if (first !== undefined) {
          batch.twins.set(index, first);
          continue;
        }
        seen.set(key, index);
      }
      const work = this.sagaFor(input, load, sagas, batch.collided.has(index));
      if (!work) {
        outcomes[index] = { kind: 'not-found', sagaId: input.sagaId };
        continue;
      }
      const decided = await this.decide(input, work).catch((error: Error) => error);
      if (decided instanceof Error) {
        outcomes[index] = { kind: 'failed', sagaId: input.sagaId, error: decided };
        continue;
      }
      const outcome = outcomeOf(input, work, decided.result);
      if (decided.result.effects.length === 0) {
        outcomes[index] = outcome;
        continue;
      }
      this.record(work, input, decided);
      work.inputs.push({ index, outcome });
    }
    return this.save(sagas, outcomes, committed, batch);
  }

  private load(
    inputs: readonly EngineInput[],
    pending: readonly number[],
    batch: BatchState,
  ): Promise<SagaLoad> {
    const sagaIds = new Set<string>();
    const messages: MessageKey[] = [];
    const keys: IdempotencyKeyRef[] = [];
    for (const index of pending) {
      const { sagaId, message, start } = inputs[index];
      sagaIds.add(sagaId);
      if (message) messages.push(message);
      const idempotencyKey = start?.attributes.idempotencyKey;
      if (batch.collided.has(index) && start && idempotencyKey)
        keys.push({ sagaType: start.instance.type, idempotencyKey });
    }
    return this.options.store.load([...sagaIds], messages, keys);
  }

  /**
   * The saga an input applies to: one already touched in this round, the stored one, for a start
   * whose insert collided the saga holding its key, or else the start's new saga.
   */
  private sagaFor(
    input: EngineInput,
    load: SagaLoad,
    sagas: Map<string, SagaWork<Outgoing>>,
    collided: boolean,
  ): SagaWork<Outgoing> | undefined {
    const touched = sagas.get(input.sagaId);
    if (touched) return touched;
    const stored =
      load.sagas.get(input.sagaId) ?? (collided && input.start ? keyHolder(load, input.start) : undefined);
    if (!stored && !input.start) return undefined;
    const before = stored ?? {
      instance: input.start!.instance,
      revision: 0,
      attributes: input.start!.attributes,
    };
    const id = before.instance.sagaId;
    const work = sagas.get(id) ?? {
      before,
      current: before.instance,
      effects: [],
      timeline: [],
      outgoing: [],
      messages: [],
      inputs: [],
    };
    sagas.set(id, work);
    return work;
  }

  /** The input's event and its transition on the saga as the batch has left it; throws for this input only. */
  private async decide(
    input: EngineInput,
    work: SagaWork<Outgoing>,
  ): Promise<{ result: TransitionResult<unknown>; outgoing: readonly Outgoing[] }> {
    const saga: StoredSaga = { ...work.before, instance: work.current };
    const definition = this.options.definitions.get(saga.instance.type, saga.instance.version);
    const event: SagaEvent = input.event(saga, definition);
    const decide = () => {
      const { clock, ids, random } = this.options;
      const result = transition(definition, saga.instance, event, { now: clock.now(), ids, random });
      const outgoing =
        result.effects.length === 0
          ? []
          : this.options.outgoing({
              instance: result.instance,
              attributes: saga.attributes,
              effects: result.effects,
              causationId: input.causationId,
            });
      return { result, outgoing };
    };
    return input.around ? input.around(saga, event, decide) : decide();
  }

  private record(
    work: SagaWork<Outgoing>,
    input: EngineInput,
    decided: { result: TransitionResult<unknown>; outgoing: readonly Outgoing[] },
  ): void {
    const { result, outgoing } = decided;
    const collision = input.start && work.before.revision !== 0 ? input.start.collisionDetail : undefined;
    const detail = { ...input.timelineDetail, ...collision };
    work.current = result.instance;
    work.effects.push(...result.effects);
    for (const effect of result.effects) {
      if (effect.type === 'timeline')
        work.timeline.push({ ...effect, detail: { ...effect.detail, ...detail } });
    }
    work.outgoing.push(...outgoing);
    if (input.message) work.messages.push(input.message);
  }

  private async save(
    sagas: Map<string, SagaWork<Outgoing>>,
    outcomes: EngineOutcome[],
    committed: SagaChange<Outgoing>[],
    batch: BatchState,
  ): Promise<number[]> {
    const changes = [...sagas.values()]
      .filter((work) => work.inputs.length > 0)
      .map((work): SagaChange<Outgoing> => ({
        before: work.before,
        after: work.current,
        effects: work.effects,
        timeline: work.timeline,
        outgoing: work.outgoing,
        messages: work.messages,
      }));
    if (changes.length === 0) return [];
    const saved = await this.options.store.save(changes);
    const retry: number[] = [];
    for (const change of changes) {
      const work = sagas.get(change.after.sagaId)!;
      const outcome = saved.get(change.after.sagaId) ?? 'conflict';
      if (outcome === 'written') {
        committed.push(change);
        for (const { index, outcome: decided } of work.inputs) outcomes[index] = decided;
        continue;
      }
      // A duplicate too is decided again: the reload says which of the saga's messages was handled.
      for (const { index } of work.inputs) {
        retry.push(index);
        if (work.before.revision === 0) batch.collided.add(index);
      }
    }
    return retry.sort((a, b) => a - b);
  }
}

interface BatchState {
  /** Input index → the earlier input of the batch carrying the same message. */
  readonly twins: Map<number, number>;
  /** Starts whose new saga collided with a stored one: the next load looks for their key's holder. */
  readonly collided: Set<number>;
}

function outcomeOf(
  input: EngineInput,
  work: SagaWork<unknown>,
  result: TransitionResult<unknown>,
): EngineOutcome {
  const sagaId = work.before.instance.sagaId;
  if (input.start) {
    const created = work.before.revision === 0 && work.before.instance === input.start.instance;
    return { kind: created ? 'started' : 'duplicate-saga', sagaId };
  }
  return {
    kind: 'applied',
    sagaId,
    changed: result.instance !== work.current,
    instance: result.instance,
    ...(result.rejection ? { rejection: result.rejection } : {}),
  };
}

function keyHolder(load: SagaLoad, start: NewSaga): StoredSaga | undefined {
  const key = start.attributes.idempotencyKey;
  if (!key) return undefined;
  return [...load.sagas.values()].find(
    (saga) => saga.instance.type === start.instance.type && saga.attributes.idempotencyKey === key,
  );
}

function messageKey(message: MessageKey): string {
  return `${message.consumer}\u0000${message.messageId}`;
}
