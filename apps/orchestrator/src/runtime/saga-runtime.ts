import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { context } from '@opentelemetry/api';
import type { Pool, PoolClient } from 'pg';
import { DEFAULT_IDEMPOTENCY_KEY_TTL_MS, SERVICE_SCHEMAS } from '@app/config';
import type { Envelope } from '@app/contracts';
import { PermanentError, TransientError, originalMessageId } from '@app/messaging';
import { PlatformMetrics, currentTraceParent, getMetrics } from '@app/observability';
import { GroupCommitQueue, type OutboxFastPath, type OutboxRecord, inTransaction } from '@app/persistence';
import {
  type Clock,
  type EngineInput,
  type EngineOutcome,
  type EngineResult,
  type IdGenerator,
  type ParticipantReply,
  type RandomSource,
  type RejectionCode,
  type SagaChange,
  type SagaEvent,
  type SagaInstance,
  type SagaRegistry,
  type SagaStartBinding,
  type SagaStore,
  type SagaStatus,
  type StoredSaga,
  type TimelineEntry,
  type TimelineKind,
  SagaConflictError,
  SagaEngine,
  createSagaInstance,
  replyEvent,
} from '@app/saga-core';
import { DeadlineQueries } from '../persistence/deadlines/deadline-queries';
import { SagaQueries, type SagaSummaryRow, type TimelineRow } from '../persistence/queries/saga-queries';
import { type SagaSql, pgSql } from '../persistence/saga-sql';
import { PgSagaStore } from '../persistence/store/pg-saga-store';
import { type DeliveryWatch, NO_BROKER, deliveryRecheckMs } from './delivery-watch';
import { idempotencyKeyWindow } from './idempotency-key-lifetime';
import { outboxRecordsFor } from './outgoing-messages';
import { PreloadedSagaStore } from './preloaded-saga-store';
import { RecentSagaStore } from './recent-saga-store';
import { commandTypeOfReply, stepForReply } from './reply-routing';
import type { SagaRuntimeObserver } from './saga-runtime-observer';
import { inSagaTrace } from './saga-trace';

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
  /** The most messages one batch (one load, one save) takes (default 64). */
  maxBatch?: number;
  /**
   * Publishes the commands of each committed batch right after it (the relay then only catches
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
  /** What an operator knows the saga by (`GET /admin/sagas?businessKey=`); null when it has none. */
  businessKey: string | null;
  /** The W3C `traceparent` the saga started under, if it was traced (the admin view's trace link). */
  traceParent?: string;
}

/**
 * The orchestrator's application service, free of Nest and NATS: it turns starts, replies,
 * deadlines and operator actions into inputs of saga-core's engine, which loads their sagas,
 * applies them and saves the outcome (state, steps, timeline, outbox, inbox) in one statement per
 * batch. Messages arriving while a batch is written form the next one (`GroupCommitQueue`). Once a
 * batch has committed, its commands are published and the observers told.
 */
export class SagaRuntime {
  private readonly schema: string;
  private readonly clock: Clock;
  private readonly ids: IdGenerator;
  private readonly random: RandomSource;
  private readonly starts: Map<string, SagaStartBinding>;
  private readonly logger: RuntimeLogger;
  /** The sagas' store for batches and notes: the sagas it last wrote need no load (`RecentSagaStore`). */
  private readonly store: RecentSagaStore;
  private readonly batches: GroupCommitQueue<EngineInput, EngineOutcome>;

  constructor(private readonly options: SagaRuntimeOptions) {
    this.schema = options.schema ?? SERVICE_SCHEMAS.orchestrator;
    this.clock = options.clock ?? { now: () => new Date() };
    this.ids = options.ids ?? { next: () => randomUUID() };
    this.random = options.random ?? { next: () => Math.random() };
    this.starts = new Map(options.starts.map((binding) => [binding.contract.type, binding]));
    this.logger = options.logger ?? new Logger(SagaRuntime.name);
    this.store = new RecentSagaStore(this.storeOn(pgSql(options.pool)));
    const engine = this.engineOn(this.store);
    const batchSizes = getMetrics().histogram(PlatformMetrics.sagaBatchSize);
    this.batches = new GroupCommitQueue(async (inputs) => {
      batchSizes.observe({}, inputs.length);
      const { outcomes, committed } = await engine.run(inputs);
      this.afterCommit(committed);
      return outcomes.map((value) => ({ ok: true, value }));
    }, options.maxBatch ?? 64);
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
    const { messageId } = envelope;
    const { idempotencyKeyAt } = idempotencyKeyWindow(
      envelope.occurredAt,
      this.options.idempotencyKeyTtlMs ?? DEFAULT_IDEMPOTENCY_KEY_TTL_MS,
      this.clock.now(),
    );
    const outcome = await this.apply({
      sagaId: request.sagaId,
      message: { consumer: START_CONSUMER, messageId },
      causationId: messageId,
      event: () => ({ type: 'started' }),
      start: {
        instance: createSagaInstance(definition, request.sagaId, request.data),
        attributes: {
          correlationId: envelope.correlationId ?? request.sagaId,
          traceParent: currentTraceParent(),
          idempotencyKey: request.idempotencyKey,
          idempotencyKeyAt,
          businessKey: request.businessKey,
        },
        // The saga it collided with notes the repeated start.
        collisionDetail: { messageId, requestedSagaId: request.sagaId },
      },
    });
    switch (outcome.kind) {
      case 'started':
      case 'duplicate-saga':
        return { outcome: outcome.kind, sagaId: outcome.sagaId };
      case 'duplicate-message':
        return { outcome: 'duplicate-message', sagaId: request.sagaId };
      default:
        throw new TransientError(`start ${messageId} of saga ${request.sagaId} ended ${outcome.kind}`);
    }
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

    const outcome = await this.apply({
      sagaId,
      message: { consumer: REPLY_CONSUMER, messageId: envelope.messageId },
      causationId: envelope.messageId,
      event: ({ instance }, definition) => {
        const stepName = stepForReply(definition, instance, commandType, commandId);
        if (!stepName)
          throw new PermanentError(`saga ${sagaId} (${instance.type}) sends no ${commandType} command`);
        return replyEvent(stepName, commandId, envelope.payload);
      },
    });
    switch (outcome.kind) {
      case 'not-found':
        throw new PermanentError(`reply ${envelope.messageId} is for unknown saga ${sagaId}`);
      case 'duplicate-message':
        return 'duplicate-message';
      case 'applied':
        return outcome.changed ? 'applied' : 'ignored';
      default:
        throw new TransientError(`reply ${envelope.messageId} to saga ${sagaId} ended ${outcome.kind}`);
    }
  }

  /**
   * Applies `deadline-reached` to up to `limit` sagas whose deadline has passed, locking them
   * with SKIP LOCKED so that several orchestrators share the work, all in one batch of the
   * engine inside that transaction; the sagas are loaded once, before, to tell which awaited
   * commands have not been delivered. A reply timeout waits until the replies stored before it
   * fell due have been handled, and one whose command has not been delivered yet is told so
   * (`DeliveryWatch`). A saga whose deadline throws is logged and its deadline pushed back; the
   * others commit. Returns how many were due.
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
    // The usual pass finds nothing due: one plain statement then, and no transaction.
    const anyDue = await new DeadlineQueries(pgSql(this.options.pool), this.schema).anyDue(
      now,
      repliesHandledBefore,
    );
    if (!anyDue) return 0;
    let committed: readonly SagaChange<OutboxRecord>[] = [];
    let claimed: string[] = [];
    const due = await inTransaction(this.options.pool, async (client) => {
      const sql = pgSql(client);
      const deadlines = new DeadlineQueries(sql, this.schema);
      claimed = await deadlines.claimDue(now, repliesHandledBefore, limit);
      if (claimed.length === 0) return 0;
      const store = this.storeOn(sql);
      const { sagas } = await store.load(claimed);
      const loaded = claimed.flatMap((sagaId) => sagas.get(sagaId) ?? []);
      const undelivered = await this.undeliveredCommands(deadlines, watch, loaded);
      const inputs = loaded.map(({ instance }): EngineInput => {
        // A deadline's commands were caused by the command that timed out or failed.
        const cause = instance.steps.find((s) => s.name === instance.deadline?.step);
        const queued = cause?.lastCommandId ? undelivered.has(cause.lastCommandId) : false;
        const waitedMs = now.getTime() - Date.parse(cause?.lastCommandAt ?? now.toISOString());
        const event: SagaEvent = queued
          ? { type: 'deadline-reached', undelivered: { recheckMs: deliveryRecheckMs(waitedMs) } }
          : { type: 'deadline-reached' };
        return {
          sagaId: instance.sagaId,
          causationId: cause?.lastCommandId ?? undefined,
          event: () => event,
          around: this.inCallerTrace(),
        };
      });
      const result = await this.fireInSavepoints(client, new PreloadedSagaStore(store, sagas), inputs);
      for (const outcome of result.outcomes) {
        if (outcome.kind !== 'failed') continue;
        const delayMs = this.options.failedDeadlineDelayMs ?? 5_000;
        this.logger.error(
          `deadline of saga ${outcome.sagaId} failed, retrying in ${delayMs} ms: ${outcome.error.message}`,
        );
        await deadlines.postpone(outcome.sagaId, new Date(now.getTime() + delayMs));
      }
      committed = result.committed;
      return claimed.length;
    }).finally(() => this.store.forget(claimed));
    this.afterCommit(committed);
    return due;
  }

  /**
   * Runs the deadlines' inputs as one batch in a savepoint. When the batch throws (its save
   * statement failed, so nothing of it was written), it is rolled back to the savepoint and each
   * input runs alone in one of its own: one that throws then fails alone. `store` serves the
   * sagas loaded already (`PreloadedSagaStore`), to each run that needs them.
   */
  private async fireInSavepoints(
    client: PoolClient,
    store: SagaStore<OutboxRecord>,
    inputs: readonly EngineInput[],
  ): Promise<EngineResult<OutboxRecord>> {
    const inSavepoint = async (batch: readonly EngineInput[]) => {
      await client.query('SAVEPOINT "deadlines"');
      try {
        const result = await this.engineOn(store).run(batch);
        await client.query('RELEASE SAVEPOINT "deadlines"');
        return result;
      } catch (error) {
        await client.query('ROLLBACK TO SAVEPOINT "deadlines"');
        throw error;
      }
    };
    try {
      return await inSavepoint(inputs);
    } catch (error) {
      if (inputs.length === 1) return failedAlone(inputs[0], error as Error);
      this.logger.warn(
        `a batch of ${inputs.length} deadlines failed (${(error as Error).message}); firing them one by one`,
      );
    }
    const outcomes: EngineOutcome[] = [];
    const committed: SagaChange<OutboxRecord>[] = [];
    for (const input of inputs) {
      const result = await inSavepoint([input]).catch((error: Error) => failedAlone(input, error));
      outcomes.push(...result.outcomes);
      committed.push(...result.committed);
    }
    return { outcomes, committed };
  }

  /**
   * The awaited commands of these sagas' reply timeouts and delivery checks that have not reached
   * their participant: still in the outbox, or not yet handed to a consumer. When the broker cannot
   * tell (it is down), all of them count as undelivered: a participant cut off from the broker
   * could not have replied either.
   */
  private async undeliveredCommands(
    deadlines: DeadlineQueries,
    watch: DeliveryWatch,
    sagas: readonly StoredSaga[],
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
    const unpublished = await deadlines.unpublished(awaited.map((command) => command.commandId));
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
   * its revision like any other. Returns false when the saga does not exist.
   */
  async note(sagaId: string, kind: TimelineKind, detail: Record<string, unknown>): Promise<boolean> {
    const maxRetries = this.options.maxConflictRetries ?? 5;
    for (let attempt = 0; attempt <= maxRetries; attempt += 1) {
      const saga = (await this.store.load([sagaId])).sagas.get(sagaId);
      if (!saga) return false;
      const entry: TimelineEntry = {
        type: 'timeline',
        at: this.clock.now().toISOString(),
        kind,
        step: null,
        detail,
      };
      const saved = await this.store.save([
        {
          before: saga,
          after: saga.instance,
          effects: [entry],
          timeline: [entry],
          outgoing: [],
          messages: [],
        },
      ]);
      if (saved.get(sagaId) === 'written') return true;
    }
    throw new TransientError(`saga ${sagaId} kept changing under ${maxRetries + 1} attempts to note ${kind}`);
  }

  /**
   * The saga and its timeline as of one moment: both are read in one snapshot, so a view never
   * pairs a state with timeline entries written after it (what the operator actions are judged on).
   */
  get(sagaId: string): Promise<SagaDetails | undefined> {
    return inTransaction(
      this.options.pool,
      async (client) => {
        const sql = pgSql(client);
        const saga = (await this.storeOn(sql).load([sagaId])).sagas.get(sagaId);
        if (!saga) return undefined;
        const { traceParent, businessKey } = saga.attributes;
        return {
          instance: saga.instance,
          revision: saga.revision,
          timeline: await new SagaQueries(sql, this.schema).timeline(saga.instance.sagaId),
          businessKey: businessKey ?? null,
          ...(traceParent ? { traceParent } : {}),
        };
      },
      'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
    );
  }

  /** The newest saga of `type` started for `businessKey` (e.g. the order-fulfillment saga of an order id). */
  findByBusinessKey(type: string, businessKey: string): Promise<SagaSummaryRow | undefined> {
    return new SagaQueries(pgSql(this.options.pool), this.schema).summaryByBusinessKey(type, businessKey);
  }

  private async operate(sagaId: string, event: SagaEvent): Promise<OperatorOutcome> {
    const outcome = await this.apply({ sagaId, event: () => event });
    if (outcome.kind !== 'applied') return { outcome: 'not-found' };
    const { rejection, instance } = outcome;
    return rejection ? { outcome: 'refused', ...rejection } : { outcome: 'applied', status: instance.status };
  }

  /** Hands the input to the next batch; resolves with its own outcome, rejects with its own failure. */
  private async apply(input: EngineInput): Promise<EngineOutcome> {
    const outcome = await this.batches.submit({ ...input, around: this.inCallerTrace() });
    if (outcome.kind !== 'failed') return outcome;
    // A saga that kept changing is worth another try later; any other failure is the input's own.
    if (outcome.error instanceof SagaConflictError) throw new TransientError(outcome.error.message);
    throw outcome.error;
  }

  /**
   * The decision on an input runs in the trace of whoever submitted it (the batch runs in the
   * first submitter's), moved into the saga's own trace when it is another.
   */
  private inCallerTrace(): EngineInput['around'] {
    const caller = context.active();
    return <T>(saga: StoredSaga, event: SagaEvent, decide: () => T): Promise<T> =>
      context.with(caller, () => inSagaTrace(saga, `saga ${event.type}`, decide));
  }

  /** Publishes what a batch committed (the relay catches what this misses) and tells the observers. */
  private afterCommit(committed: readonly SagaChange<OutboxRecord>[]): void {
    const records = committed.flatMap((change) => change.outgoing);
    if (records.length > 0 && this.options.outboxFastPath) {
      this.options.outboxFastPath.publishCommitted(records).catch((error: Error) => {
        this.logger.warn(`publishing committed commands failed, the relay takes them: ${error.message}`);
      });
    }
    for (const change of committed) {
      for (const observer of this.options.observers ?? []) {
        try {
          observer.committed(change.after, change.effects);
        } catch (error) {
          this.logger.warn(`saga observer failed: ${(error as Error).message}`);
        }
      }
    }
  }

  private storeOn(sql: SagaSql): PgSagaStore {
    return new PgSagaStore(sql, {
      schema: this.schema,
      idempotencyKeyTtlMs: this.options.idempotencyKeyTtlMs,
      publishedAfterCommit: this.options.outboxFastPath,
    });
  }

  private engineOn(store: SagaStore<OutboxRecord>): SagaEngine<OutboxRecord> {
    return new SagaEngine<OutboxRecord>({
      store,
      definitions: this.registry,
      clock: this.clock,
      ids: this.ids,
      random: this.random,
      maxConflictRetries: this.options.maxConflictRetries,
      outgoing: ({ instance, attributes, effects, causationId }) =>
        outboxRecordsFor(effects, {
          sagaId: instance.sagaId,
          sagaType: instance.type,
          correlationId: attributes.correlationId,
          businessKey: attributes.businessKey ?? null,
          causationId,
          newId: () => this.ids.next(),
        }),
    });
  }
}

/** The outcome of an input that failed on its own. */
function failedAlone(input: EngineInput, error: Error): EngineResult<OutboxRecord> {
  return { outcomes: [{ kind: 'failed', sagaId: input.sagaId, error }], committed: [] };
}
