import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { DEFAULT_IDEMPOTENCY_KEY_TTL_MS, SERVICE_SCHEMAS } from '@app/config';
import type { Envelope } from '@app/contracts';
import { PermanentError, TransientError, originalMessageId } from '@app/messaging';
import { currentTraceParent } from '@app/observability';
import type { OutboxFastPath } from '@app/persistence';
import {
  type Clock,
  type IdGenerator,
  type ParticipantReply,
  type RandomSource,
  type RejectionCode,
  type SagaEffect,
  type SagaEvent,
  type SagaInstance,
  type SagaDefinition,
  type SagaRegistry,
  type SagaStatus,
  type TimelineEntry,
  type TimelineKind,
  type TransitionResult,
  createSagaInstance,
  isTerminal,
  replyEvent,
  transition,
} from '@app/saga-core';
import {
  type LoadedSaga,
  SagaRepository,
  type SagaSummaryRow,
  type TimelineRow,
  type WriteOutcome,
} from '../persistence/saga-repository';
import { type SagaSql, pgSql } from '../persistence/saga-sql';
import type { InboxEntry } from '../persistence/saga-write-statement';
import { type DeliveryWatch, NO_BROKER, deliveryRecheckMs } from './delivery-watch';
import { idempotencyKeyWindow } from './idempotency-key-lifetime';
import { outboxRecordsFor } from './outgoing-messages';
import { commandTypeOfReply, stepForReply } from './reply-routing';
import type { SagaRuntimeObserver } from './saga-runtime-observer';
import { inSagaTrace } from './saga-trace';
import type { SagaStartBinding, SagaStartRequest } from './saga-start-binding';

/** Inbox consumer names (and JetStream durable names) of the two message flows. */
export const START_CONSUMER = 'orchestrator-starts';
export const REPLY_CONSUMER = 'orchestrator';

export interface RuntimeLogger {
  warn(message: string): unknown;
  error(message: string): unknown;
}

export interface SagaRuntimeOptions {
  /** The orchestrator's database; its connections prepare the saga statements once each. */
  pool: Pool;
  registry: SagaRegistry;
  starts: readonly SagaStartBinding[];
  schema?: string;
  clock?: Clock;
  ids?: IdGenerator;
  random?: RandomSource;
  observers?: readonly SagaRuntimeObserver[];
  /** Reload-and-reapply rounds after an optimistic-lock conflict before giving up (default 5). */
  maxConflictRetries?: number;
  /**
   * Publishes the commands of autocommit writes right after them (the relay then only catches
   * what it missed); without it, every command waits for the relay.
   */
  outboxFastPath?: OutboxFastPath;
  /** What the broker knows of awaited commands and waiting replies; default: no broker (unit tests). */
  deliveryWatch?: DeliveryWatch;
  /** How long an Idempotency-Key names one saga (default 24 h, as the gateway's): then it is new. */
  idempotencyKeyTtlMs?: number;
  /** How far a deadline whose handling threw is pushed back (default 5000 ms). */
  failedDeadlineDelayMs?: number;
  logger?: RuntimeLogger;
}

/** How many sagas' last written state a runtime keeps, to skip reading them again (see `RecentSagas`). */
const RECENT_SAGAS = 10_000;

export interface StartOutcome {
  /** `duplicate-saga`: a saga with this id or idempotency key exists; `duplicate-message`: this message was handled. */
  outcome: 'started' | 'duplicate-saga' | 'duplicate-message';
  sagaId: string;
}

/** `ignored`: a late or duplicate reply, written to the timeline only. */
export type ReplyOutcome = 'applied' | 'ignored' | 'duplicate-message';

export type OperatorOutcome =
  | { outcome: 'applied'; status: SagaStatus }
  | { outcome: 'refused'; code: RejectionCode; message: string }
  | { outcome: 'not-found' };

export interface SagaDetails {
  instance: SagaInstance<unknown>;
  revision: number;
  timeline: TimelineRow[];
  /** The W3C `traceparent` the saga started under, if it was traced (the admin view's trace link). */
  traceParent?: string;
}

type Committed = [SagaInstance<unknown>, readonly SagaEffect[]];

interface WriteOptions {
  inbox?: InboxEntry;
  /** The message (or, for a deadline, the command) that caused the commands this event sends. */
  causationId?: string;
  /** Added to each timeline entry the event writes. */
  timelineDetail?: Record<string, unknown>;
}

type Applied =
  | { kind: 'applied'; result: TransitionResult<unknown>; changed: boolean }
  | { kind: 'duplicate' }
  | { kind: 'not-found' };

/**
 * The orchestrator's application service, free of Nest and NATS. Every entry point loads a
 * saga, applies one event through saga-core's `transition`, and writes the new state, its step
 * rows, its timeline, the commands it sends (outbox) and the inbox record of the message that
 * caused it atomically, guarded by the saga's row version. A write that loses an
 * optimistic-lock race is reloaded and reapplied.
 */
export class SagaRuntime {
  private readonly schema: string;
  private readonly clock: Clock;
  private readonly ids: IdGenerator;
  private readonly random: RandomSource;
  private readonly starts: Map<string, SagaStartBinding>;
  private readonly logger: RuntimeLogger;
  private readonly recent = new RecentSagas(RECENT_SAGAS);

  constructor(private readonly options: SagaRuntimeOptions) {
    this.schema = options.schema ?? SERVICE_SCHEMAS.orchestrator;
    this.clock = options.clock ?? { now: () => new Date() };
    this.ids = options.ids ?? { next: () => randomUUID() };
    this.random = options.random ?? { next: () => Math.random() };
    this.starts = new Map(options.starts.map((binding) => [binding.contract.type, binding]));
    this.logger = options.logger ?? new Logger(SagaRuntime.name);
  }

  get registry(): SagaRegistry {
    return this.options.registry;
  }

  /** Handles a `saga.start.<type>` message: at most one saga per message, saga id and idempotency key. */
  async start(envelope: Envelope<object>): Promise<StartOutcome> {
    const binding = this.starts.get(envelope.type);
    if (!binding) throw new PermanentError(`no saga starts on ${envelope.type}`);
    const request = binding.request(envelope.payload);
    const definition = this.registry.latest(binding.sagaType);
    const correlationId = envelope.correlationId ?? request.sagaId;
    const inbox = { consumer: START_CONSUMER, messageId: envelope.messageId };

    const created = createSagaInstance(definition, request.sagaId, request.data);
    const result = transition(definition, created, { type: 'started' }, this.env());
    const repository = this.autocommitRepository();
    const keyWindow = idempotencyKeyWindow(
      envelope.occurredAt,
      this.options.idempotencyKeyTtlMs ?? DEFAULT_IDEMPOTENCY_KEY_TTL_MS,
      this.clock.now(),
    );
    const outcome = await repository.insert(
      result.instance,
      {
        idempotencyKey: request.idempotencyKey,
        idempotencyKeyAt: keyWindow.idempotencyKeyAt,
        orderId: request.orderId,
        businessKey: request.businessKey,
        correlationId,
        traceParent: currentTraceParent(),
      },
      {
        timeline: timelineOf(result.effects),
        inbox,
        outbox: outboxRecordsFor(result.effects, {
          sagaId: request.sagaId,
          sagaType: definition.type,
          correlationId,
          causationId: inbox.messageId,
          newId: this.newId,
        }),
      },
      keyWindow.keyExpiredBefore,
    );
    if (outcome.written) {
      this.recent.remember(repository.lastKnown(request.sagaId));
      this.notify([[result.instance, result.effects]]);
      return { outcome: 'started', sagaId: request.sagaId };
    }
    if (outcome.reason === 'duplicate') return { outcome: 'duplicate-message', sagaId: request.sagaId };

    // A saga with this id or idempotency key exists: note the repeated start on its timeline.
    const existingId = await this.collidingSagaId(repository, binding.sagaType, request);
    const applied = await this.applyEvent(existingId, () => ({ type: 'started' }), {
      inbox,
      causationId: inbox.messageId,
      timelineDetail: { messageId: inbox.messageId, requestedSagaId: request.sagaId },
    });
    return applied.kind === 'duplicate'
      ? { outcome: 'duplicate-message', sagaId: request.sagaId }
      : { outcome: 'duplicate-saga', sagaId: existingId };
  }

  /**
   * Handles a participant reply. It belongs to the saga named by its `saga-id` header and to the
   * command named by its `causation-id`; a reply for a saga that does not exist is dead-lettered.
   */
  async onReply(envelope: Envelope<ParticipantReply>): Promise<ReplyOutcome> {
    const commandType = commandTypeOfReply(envelope.type);
    if (!commandType) throw new PermanentError(`${envelope.type} is not a reply`);
    const { sagaId, causationId } = envelope;
    if (!sagaId) throw new PermanentError(`reply ${envelope.messageId} has no saga-id header`);
    if (!causationId) throw new PermanentError(`reply ${envelope.messageId} has no causation-id header`);
    // An operator may have replayed the command from the dead letters under a derived id.
    const commandId = originalMessageId(causationId);

    const applied = await this.applyEvent(
      sagaId,
      ({ instance }, definition) => {
        const stepName = stepForReply(definition, instance, commandType, commandId);
        if (!stepName)
          throw new PermanentError(`saga ${sagaId} (${instance.type}) sends no ${commandType} command`);
        return replyEvent(stepName, commandId, envelope.payload);
      },
      { inbox: { consumer: REPLY_CONSUMER, messageId: envelope.messageId }, causationId: envelope.messageId },
    );
    switch (applied.kind) {
      case 'not-found':
        throw new PermanentError(`reply ${envelope.messageId} is for unknown saga ${sagaId}`);
      case 'duplicate':
        return 'duplicate-message';
      case 'applied':
        return applied.changed ? 'applied' : 'ignored';
    }
  }

  /**
   * Applies `deadline-reached` to up to `limit` sagas whose deadline has passed, locking them
   * with SKIP LOCKED so that several orchestrators share the work. A reply timeout waits until
   * the replies stored before it fell due have been handled, and one whose command has not been
   * delivered yet is told so (`DeliveryWatch`). Each saga runs in its own savepoint: one that
   * throws is logged and its deadline pushed back, the others commit. Returns how many were due.
   */
  async fireDueDeadlines(limit = 100): Promise<number> {
    const now = this.clock.now();
    const watch = this.options.deliveryWatch ?? NO_BROKER;
    const repliesHandledBefore = await watch.repliesHandledBefore(now).catch((error: Error) => {
      this.logger.warn(
        `cannot tell whether replies wait in the stream (${error.message}); reply timeouts wait`,
      );
      return new Date(0);
    });
    const committed: Committed[] = [];
    const due = await this.inTransaction(async (client) => {
      const repository = this.repository(pgSql(client));
      const claimed = await repository.claimDueDeadlines(now, repliesHandledBefore, limit);
      const sagas = (await Promise.all(claimed.map((sagaId) => repository.load(sagaId)))).filter(
        (loaded): loaded is LoadedSaga => loaded !== undefined,
      );
      const undelivered = await this.undeliveredCommands(repository, watch, sagas);
      for (const loaded of sagas) {
        const { sagaId } = loaded.instance;
        this.recent.forget(sagaId);
        await client.query('SAVEPOINT "deadline"');
        try {
          // A deadline's commands were caused by the command that timed out or failed.
          const cause = loaded.instance.steps.find((s) => s.name === loaded.instance.deadline?.step);
          const queued = cause?.lastCommandId ? undelivered.has(cause.lastCommandId) : false;
          const waitedMs = now.getTime() - Date.parse(cause?.lastCommandAt ?? now.toISOString());
          const { result, outcome } = await this.write(
            repository,
            loaded,
            queued
              ? { type: 'deadline-reached', undelivered: { recheckMs: deliveryRecheckMs(waitedMs) } }
              : { type: 'deadline-reached' },
            {
              causationId: cause?.lastCommandId ?? undefined,
            },
          );
          await client.query('RELEASE SAVEPOINT "deadline"');
          if (outcome.written) committed.push([result.instance, result.effects]);
        } catch (error) {
          await client.query('ROLLBACK TO SAVEPOINT "deadline"');
          const delayMs = this.options.failedDeadlineDelayMs ?? 5_000;
          this.logger.error(
            `deadline of saga ${sagaId} failed, retrying in ${delayMs} ms: ${(error as Error).message}`,
          );
          await repository.postponeDeadline(sagaId, new Date(now.getTime() + delayMs));
        }
      }
      return claimed.length;
    });
    this.notify(committed);
    return due;
  }

  /**
   * The awaited commands of these sagas' reply timeouts and delivery checks that have not reached
   * their participant: still in the outbox, or not yet handed to a consumer. When the broker cannot
   * tell (it is down), all of them count as undelivered: a participant cut off from the broker
   * could not have replied either.
   */
  private async undeliveredCommands(
    repository: SagaRepository,
    watch: DeliveryWatch,
    sagas: readonly LoadedSaga[],
  ): Promise<Set<string>> {
    const awaited = sagas.flatMap(({ instance }) => {
      const deadline = instance.deadline;
      if (!deadline || deadline.reason === 'retry-backoff') return [];
      const step = instance.steps.find((s) => s.name === deadline.step);
      const definition = this.registry
        .get(instance.type, instance.version)
        .steps.find((s) => s.name === deadline.step);
      if (!step?.lastCommandId || !definition) return [];
      const contract =
        step.status === 'COMPENSATING' ? definition.compensation?.contract : definition.command.contract;
      return contract ? [{ commandId: step.lastCommandId, subject: contract.subject }] : [];
    });
    if (awaited.length === 0) return new Set();
    const unpublished = await repository.unpublished(awaited.map((command) => command.commandId));
    const published = awaited.filter((command) => !unpublished.has(command.commandId));
    try {
      const undelivered = await watch.undelivered(published);
      return new Set([...unpublished, ...undelivered]);
    } catch (error) {
      this.logger.warn(
        `cannot tell whether commands were delivered (${(error as Error).message}); they wait`,
      );
      return new Set(awaited.map((command) => command.commandId));
    }
  }

  /** Operator: resume a FAILED saga's failed step, or cut a retry backoff short. */
  retry(sagaId: string, reason?: string): Promise<OperatorOutcome> {
    return this.operate(sagaId, { type: 'operator-retry', reason });
  }

  /** Operator: compensate a running saga (refused after the pivot or when terminal). */
  abort(sagaId: string, reason: string): Promise<OperatorOutcome> {
    return this.operate(sagaId, { type: 'operator-abort', reason });
  }

  /**
   * Operator: writes one entry on a saga's timeline for something done outside its state machine
   * (a dead letter replayed or deleted). The saga's state is untouched; the write is guarded by
   * its row version like any other. Returns false when the saga does not exist.
   */
  async note(sagaId: string, kind: TimelineKind, detail: Record<string, unknown>): Promise<boolean> {
    const maxRetries = this.options.maxConflictRetries ?? 5;
    for (let attempt = 0; attempt <= maxRetries; attempt += 1) {
      const repository = this.autocommitRepository();
      const loaded = await repository.load(sagaId);
      if (!loaded) return false;
      const entry: TimelineEntry = {
        type: 'timeline',
        at: this.clock.now().toISOString(),
        kind,
        step: null,
        detail,
      };
      this.recent.forget(sagaId);
      const outcome = await repository.update(loaded.instance, loaded.revision, { timeline: [entry] });
      if (outcome.written) return true;
    }
    throw new TransientError(`saga ${sagaId} kept changing under ${maxRetries + 1} attempts to note ${kind}`);
  }

  /**
   * The saga and its timeline as of one moment: both are read in one snapshot, so a view never
   * pairs a state with timeline entries written after it (what the operator actions are judged on).
   */
  get(sagaId: string): Promise<SagaDetails | undefined> {
    return this.inTransaction(async (client) => {
      const repository = this.repository(pgSql(client));
      const loaded = await repository.load(sagaId);
      if (!loaded) return undefined;
      return {
        instance: loaded.instance,
        revision: loaded.revision,
        timeline: await repository.timeline(sagaId),
        ...(loaded.traceParent ? { traceParent: loaded.traceParent } : {}),
      };
    }, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  }

  findByOrder(orderId: string): Promise<SagaSummaryRow | undefined> {
    return this.autocommitRepository().findSummaryByOrderId(orderId);
  }

  private async operate(sagaId: string, event: SagaEvent): Promise<OperatorOutcome> {
    const applied = await this.applyEvent(sagaId, () => event, {});
    if (applied.kind !== 'applied') return { outcome: 'not-found' };
    const { rejection, instance } = applied.result;
    return rejection ? { outcome: 'refused', ...rejection } : { outcome: 'applied', status: instance.status };
  }

  /**
   * Load, transition, write — two round trips, no transaction: the write is one statement that
   * only succeeds if the saga's row version is still the one loaded (and, with an inbox entry,
   * if the message is new). A lost race reloads and reapplies the event. When this process
   * wrote the saga last, the load is skipped: the state it wrote is tried first, and the write's
   * guards turn a stale state into a conflict (reload) or the message into a duplicate.
   */
  private async applyEvent(
    sagaId: string,
    eventFor: (loaded: LoadedSaga, definition: SagaDefinition<unknown>) => SagaEvent,
    options: WriteOptions,
  ): Promise<Applied> {
    const maxRetries = this.options.maxConflictRetries ?? 5;
    for (let attempt = 0; attempt <= maxRetries; attempt += 1) {
      const repository = this.autocommitRepository();
      const recent = this.recent.take(sagaId);
      const loaded = recent ? repository.adopt(recent) : await repository.load(sagaId, options.inbox);
      if (!loaded) return { kind: 'not-found' };
      if (loaded.consumed) return { kind: 'duplicate' };
      const definition = this.registry.get(loaded.instance.type, loaded.instance.version);
      const written = recent
        ? await this.writeUnlessSettledElsewhere(repository, loaded, eventFor, definition, options)
        : await this.write(repository, loaded, eventFor(loaded, definition), options);
      if (!written) continue;
      const { result, outcome } = written;
      if (outcome.written) {
        this.recent.remember(repository.lastKnown(sagaId));
        this.notify([[result.instance, result.effects]]);
        return { kind: 'applied', result, changed: result.instance !== loaded.instance };
      }
      if (outcome.reason === 'duplicate') return { kind: 'duplicate' };
    }
    throw new TransientError(
      `saga ${sagaId} kept changing under ${maxRetries + 1} attempts to apply an event`,
    );
  }

  /**
   * `write` on a remembered state, which may be stale (another replica moved the saga on): an
   * event that does not apply to it, or that changes nothing and so writes nothing (no inbox
   * record either), is decided on the saga as loaded instead (undefined: load and retry).
   */
  private async writeUnlessSettledElsewhere(
    repository: SagaRepository,
    loaded: LoadedSaga,
    eventFor: (loaded: LoadedSaga, definition: SagaDefinition<unknown>) => SagaEvent,
    definition: SagaDefinition<unknown>,
    options: WriteOptions,
  ): Promise<{ result: TransitionResult<unknown>; outcome: WriteOutcome } | undefined> {
    let event: SagaEvent;
    try {
      event = eventFor(loaded, definition);
    } catch {
      return undefined;
    }
    const written = await this.write(repository, loaded, event, options);
    return written.result.effects.length === 0 ? undefined : written;
  }

  /** Applies one event to a loaded saga and writes its state, steps, timeline and commands in one statement. */
  private write(
    repository: SagaRepository,
    loaded: LoadedSaga,
    event: SagaEvent,
    options: WriteOptions,
  ): Promise<{ result: TransitionResult<unknown>; outcome: WriteOutcome }> {
    return inSagaTrace(loaded, `saga ${event.type}`, () =>
      this.writeInTrace(repository, loaded, event, options),
    );
  }

  /** `write` in the trace active now: the outgoing commands' `traceparent` continues it. */
  private async writeInTrace(
    repository: SagaRepository,
    loaded: LoadedSaga,
    event: SagaEvent,
    options: WriteOptions,
  ): Promise<{ result: TransitionResult<unknown>; outcome: WriteOutcome }> {
    const definition = this.registry.get(loaded.instance.type, loaded.instance.version);
    const result = transition(definition, loaded.instance, event, this.env());
    if (result.effects.length === 0) return { result, outcome: { written: true, revision: loaded.revision } };
    const timeline = timelineOf(result.effects).map((entry) => ({
      ...entry,
      detail: { ...entry.detail, ...options.timelineDetail },
    }));
    const outbox = outboxRecordsFor(result.effects, {
      sagaId: loaded.instance.sagaId,
      sagaType: loaded.instance.type,
      correlationId: loaded.correlationId,
      causationId: options.causationId,
      newId: this.newId,
    });
    const outcome = await repository.update(result.instance, loaded.revision, {
      timeline,
      inbox: options.inbox,
      outbox,
    });
    return { result, outcome };
  }

  private async collidingSagaId(
    repository: SagaRepository,
    sagaType: string,
    request: SagaStartRequest,
  ): Promise<string> {
    if (await repository.load(request.sagaId)) return request.sagaId;
    const byKey =
      request.idempotencyKey === null
        ? undefined
        : await repository.findIdByIdempotencyKey(sagaType, request.idempotencyKey);
    if (!byKey)
      throw new TransientError(
        `saga ${request.sagaId} could not be inserted, and no saga it collides with exists`,
      );
    return byKey;
  }

  private repository(sql: SagaSql): SagaRepository {
    return new SagaRepository(sql, this.schema);
  }

  /** Writes on the pool commit as they return, so they may publish their commands themselves. */
  private autocommitRepository(): SagaRepository {
    return new SagaRepository(pgSql(this.options.pool), this.schema, this.options.outboxFastPath);
  }

  private async inTransaction<T>(work: (client: PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
    const client = await this.options.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query(begin);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // A connection that cannot even roll back is discarded by the pool.
      broken = await client.query('ROLLBACK').then(
        () => undefined,
        (rollbackError: Error) => rollbackError,
      );
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /** Observers hear about changes only once they are committed. */
  private notify(committed: Committed[]): void {
    for (const [instance, effects] of committed) {
      for (const observer of this.options.observers ?? []) {
        try {
          observer.committed(instance, effects);
        } catch (error) {
          this.logger.warn(`saga observer failed: ${(error as Error).message}`);
        }
      }
    }
  }

  private readonly newId = (): string => this.ids.next();

  private env() {
    return { now: this.clock.now(), ids: this.ids, random: this.random };
  }
}

function timelineOf(effects: readonly SagaEffect[]): TimelineEntry[] {
  return effects.filter((effect): effect is TimelineEntry => effect.type === 'timeline');
}

/**
 * The state this process last wrote of recently changed sagas, oldest dropped first; a saga is
 * taken out while an event is applied to it, so concurrent events on one saga read it from the
 * database. Terminal sagas are not kept.
 */
class RecentSagas {
  private readonly sagas = new Map<string, LoadedSaga>();

  constructor(private readonly capacity: number) {}

  take(sagaId: string): LoadedSaga | undefined {
    const saga = this.sagas.get(sagaId);
    this.sagas.delete(sagaId);
    return saga;
  }

  remember(saga: LoadedSaga | undefined): void {
    if (!saga) return;
    const { sagaId, status } = saga.instance;
    this.sagas.delete(sagaId);
    if (isTerminal(status)) return;
    this.sagas.set(sagaId, { ...saga, consumed: false });
    if (this.sagas.size > this.capacity) this.sagas.delete(this.sagas.keys().next().value as string);
  }

  forget(sagaId: string): void {
    this.sagas.delete(sagaId);
  }
}
