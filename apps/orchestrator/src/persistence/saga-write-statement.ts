import { type OutboxRecord, outboxChannel, qualifiedTable } from '@app/persistence';
import type { SagaInstance, TimelineEntry } from '@app/saga-core';
import type { SqlStatement } from './saga-sql';
import { STEP_RECORD_COLUMNS, type StepRecord, stateColumns, stepRecord } from './saga-rows';

/** The message whose handling this write is, recorded in the inbox by the same statement. */
export interface InboxEntry {
  consumer: string;
  messageId: string;
}

/** Everything one event changes besides the saga's own row and steps. */
export interface SagaWrite {
  timeline: readonly TimelineEntry[];
  /** When set, the write happens only if this message is not in the inbox yet, and records it there. */
  inbox?: InboxEntry;
  /** Commands to publish once the write commits (they wake the relay with a NOTIFY, unless `publishedAfterCommit`). */
  outbox?: readonly OutboxRecord[];
  /** The writer publishes `outbox` itself once the write commits (OutboxFastPath): no NOTIFY for the relay. */
  publishedAfterCommit?: boolean;
  /** Outbox rows published earlier, deleted by this statement whether or not the saga write happens. */
  sweep?: readonly string[];
}

/** Columns of a saga that are not part of its state machine; written once, when it is inserted. */
export interface SagaAttributes {
  idempotencyKey: string | null;
  /** When the key was first used (the start request's time): its lifetime counts from then. Default: now. */
  idempotencyKeyAt?: Date;
  orderId: string | null;
  /** What an operator knows the saga by (`GET /admin/sagas?businessKey=`). Default: none. */
  businessKey?: string | null;
  /** Carried by every command the saga sends. */
  correlationId: string;
  /** The W3C `traceparent` of the span that started the saga. */
  traceParent?: string;
}

/** What either statement returns: the new row version (null when nothing was written), and whether the inbox already had the message. */
export interface WriteStatementRow {
  revision: number | null;
  consumed: boolean;
}

/**
 * Builds the single statement that writes one saga event: the saga row (guarded by its row
 * version, or inserted), its changed step rows, its timeline entries, its outbox rows, the
 * inbox record, the deletion of outbox rows published since the last write, and the relay's NOTIFY. One statement is one atomic round trip; every part but
 * the row write is conditioned on that write having happened (`written`).
 */
export class SagaWriteStatements {
  private readonly instances: string;
  private readonly steps: string;
  private readonly timeline: string;
  private readonly inbox: string;
  private readonly outbox: string;
  private readonly channel: string;
  /** Prefix of the prepared statements' names; their text depends on the schema only. */
  private readonly name: string;

  constructor(schema: string) {
    this.name = `saga-write:${schema}`;
    this.instances = qualifiedTable(schema, 'saga_instance');
    this.steps = qualifiedTable(schema, 'saga_step');
    this.timeline = qualifiedTable(schema, 'saga_timeline');
    this.inbox = qualifiedTable(schema, 'inbox');
    this.outbox = qualifiedTable(schema, 'outbox');
    this.channel = outboxChannel(schema);
  }

  insert(instance: SagaInstance<unknown>, attributes: SagaAttributes, write: SagaWrite): SqlStatement {
    const p = new Parameters();
    const id = p.add(instance.sagaId);
    const notConsumed = this.notConsumed(p, write.inbox);
    const [status, currentStep, data, deadlineAt, deadlineReason, deadlineStep] = stateColumns(instance).map(
      (v) => p.add(v),
    );
    const sql = `WITH written AS (
        INSERT INTO ${this.instances} ("id", "type", "version", "status", "current_step", "data",
          "next_deadline_at", "deadline_reason", "deadline_step", "idempotency_key", "idempotency_key_at", "order_id", "business_key", "correlation_id", "trace_parent")
        SELECT ${id}::uuid, ${p.add(instance.type)}, ${p.add(instance.version)}::integer, ${status}, ${currentStep},
          ${data}::jsonb, ${deadlineAt}::timestamptz, ${deadlineReason}, ${deadlineStep},
          ${p.add(attributes.idempotencyKey)}, ${this.keyAt(p, attributes)}, ${p.add(attributes.orderId)}::uuid, ${p.add(attributes.businessKey ?? null)}::text, ${p.add(attributes.correlationId)},
          ${p.add(attributes.traceParent ?? null)}::text
        WHERE ${notConsumed}
        ON CONFLICT DO NOTHING
        RETURNING "row_version"
      ), steps AS (
        INSERT INTO ${this.steps} ("saga_id", "idx", "name", "kind", "status", "attempts", "compensation_attempts",
          "started_at", "ended_at", "last_error", "last_command_id", "last_command_at", "compensation_input")
        SELECT ${id}::uuid, s."idx", s."name", s."kind", s."status", s."attempts", s."compensation_attempts",
          s."started_at", s."ended_at", s."last_error", s."last_command_id", s."last_command_at", s."compensation_input"
        FROM jsonb_to_recordset(${p.add(JSON.stringify(instance.steps.map(stepRecord)))}::jsonb) AS s(${STEP_RECORD_COLUMNS})
        WHERE EXISTS (SELECT 1 FROM written)
      ), ${this.sharedParts(p, id, write, '0')}
      SELECT (SELECT "row_version" FROM written) AS "revision", NOT ${notConsumed} AS "consumed", ${this.notify(p, write)}`;
    return { name: `${this.name}:insert`, text: sql, values: p.values };
  }

  /** `changedSteps`: only these step rows are rewritten. `touch`: whether `updated_at` moves. */
  update(
    instance: SagaInstance<unknown>,
    expectedRevision: number,
    changedSteps: readonly StepRecord[],
    touch: boolean,
    write: SagaWrite,
  ): SqlStatement {
    const p = new Parameters();
    const id = p.add(instance.sagaId);
    const notConsumed = this.notConsumed(p, write.inbox);
    const [status, currentStep, data, deadlineAt, deadlineReason, deadlineStep] = stateColumns(instance).map(
      (v) => p.add(v),
    );
    const sql = `WITH written AS (
        UPDATE ${this.instances} SET "status" = ${status}, "current_step" = ${currentStep}, "data" = ${data}::jsonb,
          "next_deadline_at" = ${deadlineAt}::timestamptz, "deadline_reason" = ${deadlineReason},
          "deadline_step" = ${deadlineStep}, "row_version" = "row_version" + 1,
          "updated_at" = CASE WHEN ${p.add(touch)}::boolean THEN now() ELSE "updated_at" END
        WHERE "id" = ${id}::uuid AND "row_version" = ${p.add(expectedRevision)}::integer AND ${notConsumed}
        RETURNING "row_version"
      ), steps AS (
        UPDATE ${this.steps} AS t SET "status" = s."status", "attempts" = s."attempts",
          "compensation_attempts" = s."compensation_attempts", "started_at" = s."started_at",
          "ended_at" = s."ended_at", "last_error" = s."last_error", "last_command_id" = s."last_command_id",
          "last_command_at" = s."last_command_at", "compensation_input" = s."compensation_input"
        FROM jsonb_to_recordset(${p.add(JSON.stringify(changedSteps))}::jsonb) AS s(${STEP_RECORD_COLUMNS})
        WHERE t."saga_id" = ${id}::uuid AND t."idx" = s."idx" AND EXISTS (SELECT 1 FROM written)
      ), ${this.sharedParts(p, id, write, `(SELECT COALESCE(max("seq"), 0) FROM ${this.timeline} WHERE "saga_id" = ${id}::uuid)`)}
      SELECT (SELECT "row_version" FROM written) AS "revision", NOT ${notConsumed} AS "consumed", ${this.notify(p, write)}`;
    return { name: `${this.name}:update`, text: sql, values: p.values };
  }

  /** Null without a key; else the key's first use, or now. */
  private keyAt(p: Parameters, attributes: SagaAttributes): string {
    const hasKey = p.add(attributes.idempotencyKey !== null);
    const at = p.add(attributes.idempotencyKeyAt ?? null);
    return `CASE WHEN ${hasKey}::boolean THEN COALESCE(${at}::timestamptz, now()) END`;
  }

  private notConsumed(p: Parameters, inbox: InboxEntry | undefined): string {
    const consumer = p.add(inbox?.consumer ?? null);
    const messageId = p.add(inbox?.messageId ?? null);
    return `NOT EXISTS (SELECT 1 FROM ${this.inbox} WHERE "consumer" = ${consumer}::text AND "message_id" = ${messageId}::text)`;
  }

  /**
   * The inbox record, the timeline entries (numbered after `lastSeq`) and the outbox rows.
   * Every timeline writer first passes the row-version check, so `lastSeq` cannot be stale.
   */
  private sharedParts(p: Parameters, id: string, write: SagaWrite, lastSeq: string): string {
    const records = write.outbox ?? [];
    return `inbox AS (
        INSERT INTO ${this.inbox} ("consumer", "message_id")
        SELECT ${p.add(write.inbox?.consumer ?? null)}::text, ${p.add(write.inbox?.messageId ?? null)}::text
        WHERE ${p.add(write.inbox !== undefined)}::boolean AND EXISTS (SELECT 1 FROM written)
        ON CONFLICT DO NOTHING
      ), timeline AS (
        INSERT INTO ${this.timeline} ("saga_id", "seq", "at", "kind", "step", "detail")
        SELECT ${id}::uuid, ${lastSeq} + e."ord", (e."entry"->>'at')::timestamptz, e."entry"->>'kind',
          e."entry"->>'step', COALESCE(e."entry"->'detail', '{}'::jsonb)
        FROM jsonb_array_elements(${p.add(JSON.stringify(write.timeline))}::jsonb) WITH ORDINALITY AS e("entry", "ord")
        WHERE EXISTS (SELECT 1 FROM written)
      ), outbox AS (
        INSERT INTO ${this.outbox} ("id", "subject", "headers", "payload")
        SELECT * FROM unnest(${p.add(records.map((r) => r.id))}::uuid[], ${p.add(records.map((r) => r.subject))}::text[],
          ${p.add(records.map((r) => JSON.stringify(r.headers)))}::jsonb[],
          ${p.add(records.map((r) => JSON.stringify(r.payload ?? null)))}::jsonb[])
        WHERE EXISTS (SELECT 1 FROM written)
      ), swept AS (
        DELETE FROM ${this.outbox} WHERE "id" = ANY(${p.add(write.sweep ?? [])}::uuid[])
      )`;
  }

  /** PostgreSQL delivers the NOTIFY at commit, so the relay wakes once the rows are visible. */
  private notify(p: Parameters, write: SagaWrite): string {
    const wake = (write.outbox?.length ?? 0) > 0 && !write.publishedAfterCommit;
    return `CASE WHEN ${p.add(wake)}::boolean AND EXISTS (SELECT 1 FROM written)
      THEN pg_notify(${p.add(this.channel)}, '') END AS "notified"`;
  }
}

/** Collects positional parameters as a statement is assembled. */
class Parameters {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
