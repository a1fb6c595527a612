import type { OutboxRecord } from '@app/persistence';
import type { SagaChange, SagaInstance } from '@app/saga-core';
import { sameJson } from './same-json';
import { type StepRecord, stepRecord } from './saga-rows';

/** One saga of a batch save, as the save statement reads it (`jsonb_to_recordset`). */
export interface SagaInputRow {
  id: string;
  type: string;
  version: number;
  status: string;
  current_step: string | null;
  data: unknown;
  deadline_at: string | null;
  deadline_reason: string | null;
  deadline_step: string | null;
  /** The revision the write expects; 0 inserts the saga. */
  revision: number;
  /** Whether `updated_at` moves: false when the events changed nothing. */
  touch: boolean;
  idempotency_key: string | null;
  idempotency_key_at: Date | null;
  business_key: string | null;
  correlation_id: string;
  trace_parent: string | null;
}

/** A batch save's input: one JSON array per table, every row tagged with its saga's id. */
export interface SagaBatchInput {
  sagas: SagaInputRow[];
  /** A new saga's every step; only the changed steps of a stored one. */
  steps: (StepRecord & { saga_id: string })[];
  /** `ord` numbers a saga's entries from 1, after its last stored one. */
  timeline: {
    saga_id: string;
    ord: number;
    at: string;
    kind: string;
    step: string | null;
    detail: unknown;
  }[];
  /** `ord` keeps the publish order of the whole batch. */
  outbox: { saga_id: string; ord: number; id: string; subject: string; headers: unknown; payload: unknown }[];
  messages: { saga_id: string; consumer: string; message_id: string }[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * Flattens a batch of changes into the save statement's input. Refuses, before anything is
 * written, a batch the statement could not keep atomic per saga: a saga twice, a message claimed
 * by two sagas, an id that is no uuid, a stored saga whose step list changed length.
 */
export function sagaBatchInput(changes: readonly SagaChange<OutboxRecord>[]): SagaBatchInput {
  const input: SagaBatchInput = { sagas: [], steps: [], timeline: [], outbox: [], messages: [] };
  const sagaIds = new Set<string>();
  const messageOwners = new Map<string, string>();
  for (const change of changes) {
    const { before, after } = change;
    const id = after.sagaId.toLowerCase();
    if (!isUuid(id)) throw new Error(`saga id ${after.sagaId} is not a uuid`);
    if (before.instance.sagaId.toLowerCase() !== id)
      throw new Error(`change of saga ${after.sagaId} was loaded as saga ${before.instance.sagaId}`);
    if (sagaIds.has(id)) throw new Error(`saga ${after.sagaId} has two changes in one batch`);
    sagaIds.add(id);
    if (!Number.isInteger(before.revision) || before.revision < 0)
      throw new Error(`saga ${after.sagaId} has revision ${before.revision}`);

    input.sagas.push(sagaRow(change, id));
    input.steps.push(...changedSteps(before.revision === 0 ? undefined : before.instance, after, id));
    change.timeline.forEach((entry, i) =>
      input.timeline.push({
        saga_id: id,
        ord: i + 1,
        at: entry.at,
        kind: entry.kind,
        step: entry.step,
        detail: entry.detail,
      }),
    );
    for (const record of change.outgoing)
      input.outbox.push({
        saga_id: id,
        ord: input.outbox.length + 1,
        ...record,
        payload: record.payload ?? null,
      });
    for (const { consumer, messageId } of change.messages) {
      const key = JSON.stringify([consumer, messageId]);
      const owner = messageOwners.get(key);
      if (owner === id) continue;
      if (owner !== undefined)
        throw new Error(
          `message ${messageId} (${consumer}) is handled by two sagas in one batch: ${owner}, ${id}`,
        );
      messageOwners.set(key, id);
      input.messages.push({ saga_id: id, consumer, message_id: messageId });
    }
  }
  return input;
}

function sagaRow(change: SagaChange<OutboxRecord>, id: string): SagaInputRow {
  const { before, after } = change;
  const attributes = before.attributes;
  const key = attributes.idempotencyKey ?? null;
  return {
    id,
    type: after.type,
    version: after.version,
    status: after.status,
    current_step: after.currentStep,
    data: after.data ?? null,
    deadline_at: after.deadline?.at ?? null,
    deadline_reason: after.deadline?.reason ?? null,
    deadline_step: after.deadline?.step ?? null,
    revision: before.revision,
    // transition() hands back the very instance it was given when an event changed nothing.
    touch: after !== before.instance && !sameJson(after, before.instance),
    idempotency_key: key,
    idempotency_key_at: key === null ? null : (attributes.idempotencyKeyAt ?? null),
    business_key: attributes.businessKey ?? null,
    correlation_id: attributes.correlationId,
    trace_parent: attributes.traceParent ?? null,
  };
}

/** Every step of a new saga (`before` undefined); else those that differ from `before`. */
function changedSteps(
  before: SagaInstance<unknown> | undefined,
  after: SagaInstance<unknown>,
  id: string,
): (StepRecord & { saga_id: string })[] {
  if (before && before.steps.length !== after.steps.length)
    throw new Error(
      `saga ${after.sagaId} was loaded with ${before.steps.length} steps and saved with ${after.steps.length}`,
    );
  return after.steps
    .map(stepRecord)
    .filter((step) => !before || !sameJson(step, stepRecord(before.steps[step.idx], step.idx)))
    .map((step) => ({ saga_id: id, ...step }));
}
