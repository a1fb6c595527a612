import { SERVICE_SCHEMAS } from '@app/config';
import { type OutboxFastPath, qualifiedTable } from '@app/persistence';
import type { SagaInstance } from '@app/saga-core';
import { type InstanceRow, stepRecord, toInstance } from './saga-rows';
import type { SagaSql, SqlStatement } from './saga-sql';
import {
  type InboxEntry,
  type SagaAttributes,
  type SagaWrite,
  SagaWriteStatements,
  type WriteStatementRow,
} from './saga-write-statement';

export interface LoadedSaga {
  readonly instance: SagaInstance<unknown>;
  readonly revision: number;
  readonly correlationId: string;
  /** The W3C `traceparent` the saga started under, if it was traced. */
  readonly traceParent?: string;
  /** Whether the inbox entry passed to `load` was already recorded (the message was handled before). */
  readonly consumed: boolean;
}

/** `duplicate`: the inbox already had the message; `conflict`: the row version moved on (or the saga exists). */
export type WriteOutcome =
  { written: true; revision: number } | { written: false; reason: 'duplicate' | 'conflict' };

export interface SagaSummaryRow {
  sagaId: string;
  status: string;
  currentStep: string | null;
}

export interface TimelineRow {
  seq: number;
  at: Date;
  kind: string;
  step: string | null;
  detail: Record<string, unknown>;
}

/**
 * The orchestrator's saga store. Give it a transaction's connection (`typeormSql(manager)`,
 * `pgSql(client)`) to work inside that transaction, or a pool for autocommit: each write is
 * one statement, atomic on its own (see `SagaWriteStatements`), and guarded by the row version
 * (optimistic locking). It remembers what it loaded, so an update rewrites only the step rows
 * that changed. Given an `OutboxFastPath` (autocommit only: a write must have committed when
 * it returns), it publishes each write's commands itself once the write is done, and each write
 * deletes the rows published before it.
 */
export class SagaRepository {
  private readonly loaded = new Map<string, LoadedSaga>();
  private readonly statements: SagaWriteStatements;
  private readonly instances: string;
  private readonly steps: string;
  private readonly timelineTable: string;
  private readonly inbox: string;
  private readonly outbox: string;
  private readonly loadName: string;

  constructor(
    private readonly sql: SagaSql,
    schema: string = SERVICE_SCHEMAS.orchestrator,
    private readonly fastPath?: OutboxFastPath,
  ) {
    this.loadName = `saga-load:${schema}`;
    this.statements = new SagaWriteStatements(schema);
    this.instances = qualifiedTable(schema, 'saga_instance');
    this.steps = qualifiedTable(schema, 'saga_step');
    this.timelineTable = qualifiedTable(schema, 'saga_timeline');
    this.inbox = qualifiedTable(schema, 'inbox');
    this.outbox = qualifiedTable(schema, 'outbox');
  }

  /** The saga with its steps, and whether `inbox` (if given) was consumed already — one round trip. */
  async load(sagaId: string, inbox?: InboxEntry): Promise<LoadedSaga | undefined> {
    const [row] = await this.sql.rows<InstanceRow & { consumed: boolean }>({
      name: this.loadName,
      text: `SELECT i."id", i."type", i."version", i."status", i."current_step", i."data", i."next_deadline_at",
              i."deadline_reason", i."deadline_step", i."row_version", i."correlation_id", i."trace_parent",
              COALESCE((SELECT jsonb_agg(to_jsonb(s) ORDER BY s."idx") FROM ${this.steps} s
                        WHERE s."saga_id" = i."id"), '[]'::jsonb) AS "steps",
              EXISTS (SELECT 1 FROM ${this.inbox} WHERE "consumer" = $2::text AND "message_id" = $3::text) AS "consumed"
       FROM ${this.instances} i WHERE i."id" = $1`,
      values: [sagaId, inbox?.consumer ?? null, inbox?.messageId ?? null],
    });
    if (!row) return undefined;
    const saga: LoadedSaga = {
      instance: toInstance(row),
      revision: row.row_version,
      correlationId: row.correlation_id,
      ...(row.trace_parent ? { traceParent: row.trace_parent } : {}),
      consumed: row.consumed,
    };
    this.loaded.set(sagaId, saga);
    return saga;
  }

  /**
   * Takes `saga` as loaded without reading it, e.g. the state this process last wrote: a write
   * based on it still happens only if its revision is current (and its inbox entry new).
   */
  adopt(saga: LoadedSaga): LoadedSaga {
    this.loaded.set(saga.instance.sagaId, saga);
    return saga;
  }

  /** The saga as this repository last loaded, adopted or wrote it. */
  lastKnown(sagaId: string): LoadedSaga | undefined {
    return this.loaded.get(sagaId);
  }

  /**
   * Inserts a new saga; refused when the inbox has the message, or the saga's id or idempotency key
   * exists. A key whose lifetime ended before `keyExpiredBefore` is released from the saga that
   * holds it, and this saga takes it: past its lifetime a key is new.
   */
  async insert(
    instance: SagaInstance<unknown>,
    attributes: SagaAttributes,
    write: SagaWrite,
    keyExpiredBefore?: Date,
  ): Promise<WriteOutcome> {
    let outcome = await this.execute(write, (fast) => this.statements.insert(instance, attributes, fast));
    if (
      !outcome.written &&
      outcome.reason === 'conflict' &&
      attributes.idempotencyKey !== null &&
      keyExpiredBefore &&
      (await this.releaseExpiredKey(instance, attributes.idempotencyKey, keyExpiredBefore))
    ) {
      outcome = await this.execute(write, (fast) => this.statements.insert(instance, attributes, fast));
    }
    if (outcome.written) {
      const saga = {
        instance,
        revision: outcome.revision,
        correlationId: attributes.correlationId,
        ...(attributes.traceParent ? { traceParent: attributes.traceParent } : {}),
        consumed: true,
      };
      this.loaded.set(instance.sagaId, saga);
    }
    return outcome;
  }

  /** Writes the saga's new state if its row version is still `expectedRevision`. */
  async update(
    instance: SagaInstance<unknown>,
    expectedRevision: number,
    write: SagaWrite,
  ): Promise<WriteOutcome> {
    const before = this.loaded.get(instance.sagaId);
    const changedSteps = instance.steps
      .map(stepRecord)
      .filter((step) => !before || !sameJson(step, stepRecord(before.instance.steps[step.idx], step.idx)));
    // transition() hands back the very instance it was given when an event changed nothing.
    const touch = instance !== before?.instance;
    const outcome = await this.execute(write, (fast) =>
      this.statements.update(instance, expectedRevision, changedSteps, touch, fast),
    );
    if (outcome.written && before)
      this.loaded.set(instance.sagaId, { ...before, instance, revision: outcome.revision });
    return outcome;
  }

  /** The saga's timeline, oldest entry first. */
  async timeline(sagaId: string): Promise<TimelineRow[]> {
    return this.rows<TimelineRow>(
      `SELECT "seq", "at", "kind", "step", "detail" FROM ${this.timelineTable} WHERE "saga_id" = $1 ORDER BY "seq"`,
      [sagaId],
    );
  }

  /** Takes `key` from the other saga of this type holding it, if it was first used before `expiredBefore`. */
  private async releaseExpiredKey(
    instance: SagaInstance<unknown>,
    key: string,
    expiredBefore: Date,
  ): Promise<boolean> {
    const released = await this.rows<{ id: string }>(
      `UPDATE ${this.instances} SET "idempotency_key" = NULL
       WHERE "type" = $1 AND "idempotency_key" = $2 AND "id" <> $3
         AND COALESCE("idempotency_key_at", "created_at") < $4
       RETURNING "id"`,
      [instance.type, key, instance.sagaId, expiredBefore],
    );
    return released.length > 0;
  }

  /** The saga started with this idempotency key, if any. */
  async findIdByIdempotencyKey(type: string, idempotencyKey: string): Promise<string | undefined> {
    const [row] = await this.rows<{ id: string }>(
      `SELECT "id" FROM ${this.instances} WHERE "type" = $1 AND "idempotency_key" = $2`,
      [type, idempotencyKey],
    );
    return row?.id;
  }

  /**
   * Locks up to `limit` sagas whose deadline is at or before `now`, skipping those another
   * transaction holds, so any number of schedulers share the due sagas without waiting. Reply
   * timeouts and delivery checks are claimed only up to `repliesHandledBefore`: one due later
   * could still have its reply waiting in the stream. Only meaningful inside a transaction.
   */
  async claimDueDeadlines(now: Date, repliesHandledBefore: Date, limit: number): Promise<string[]> {
    const rows = await this.rows<{ id: string }>(
      `SELECT "id" FROM ${this.instances} WHERE "next_deadline_at" <= $1
         AND ("deadline_reason" = 'retry-backoff' OR "next_deadline_at" <= $2)
       ORDER BY "next_deadline_at" LIMIT $3 FOR UPDATE SKIP LOCKED`,
      [now, repliesHandledBefore, limit],
    );
    return rows.map((row) => row.id);
  }

  /** Those of `commandIds` still in the outbox: not published yet, so certainly not delivered. */
  async unpublished(commandIds: readonly string[]): Promise<Set<string>> {
    if (commandIds.length === 0) return new Set();
    const rows = await this.rows<{ id: string }>(
      `SELECT "id"::text AS "id" FROM ${this.outbox} WHERE "id" = ANY($1::uuid[])`,
      [commandIds],
    );
    return new Set(rows.map((row) => row.id));
  }

  /** Moves a deadline whose handling failed, so that one saga cannot keep a scheduler busy. */
  async postponeDeadline(sagaId: string, at: Date): Promise<void> {
    await this.rows(
      `UPDATE ${this.instances} SET "next_deadline_at" = $2, "row_version" = "row_version" + 1
       WHERE "id" = $1 AND "next_deadline_at" IS NOT NULL`,
      [sagaId, at],
    );
  }

  async findSummaryByOrderId(orderId: string): Promise<SagaSummaryRow | undefined> {
    const [row] = await this.rows<SagaSummaryRow>(
      `SELECT "id" AS "sagaId", "status", "current_step" AS "currentStep" FROM ${this.instances}
       WHERE "order_id" = $1 ORDER BY "created_at" DESC LIMIT 1`,
      [orderId],
    );
    return row;
  }

  private async execute(
    write: SagaWrite,
    statement: (write: SagaWrite) => SqlStatement,
  ): Promise<WriteOutcome> {
    const fastPath = this.fastPath;
    const sent = fastPath ? { ...write, publishedAfterCommit: true, sweep: fastPath.takeForSweep() } : write;
    const [row] = await this.sql.rows<WriteStatementRow>(statement(sent));
    if (row.revision === null) return { written: false, reason: row.consumed ? 'duplicate' : 'conflict' };
    await fastPath?.publishCommitted(write.outbox ?? []);
    return { written: true, revision: row.revision };
  }

  private rows<T>(text: string, values: unknown[]): Promise<T[]> {
    return this.sql.rows<T>({ text, values });
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
