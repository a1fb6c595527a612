import type { OutboxRecord } from '@app/persistence';
import type { SagaAttributes, SagaChange, SagaInstance, StepState, StoredSaga } from '@app/saga-core';

/** The `row_version` of a saga row just inserted (the column's default). */
const FIRST_ROW_VERSION = 1;

/**
 * The saga exactly as `PgSagaStore.load` returns it once `change` has been written (saved
 * `written`), without reading it back: JSON columns as `jsonb` keeps them (keys reordered, values
 * JSON leaves out gone, dates as text), timestamps as `timestamptz` gives them back, the revision
 * moved on by one, the attributes as stored. Undefined when that cannot be told without the
 * database: a new saga with an idempotency key but no time for it takes the database's `now()`.
 */
export function savedSaga(change: SagaChange<OutboxRecord>): StoredSaga | undefined {
  const { before, after } = change;
  const id = after.sagaId.toLowerCase();
  const inserted = before.revision === 0;
  let attributes: SagaAttributes = before.attributes;
  if (inserted) {
    const stored = insertedAttributes(before.attributes);
    if (!stored) return undefined;
    attributes = stored;
  }
  const instance: SagaInstance<unknown> = {
    sagaId: id,
    type: after.type,
    version: after.version,
    status: after.status,
    currentStep: (after.currentStep ?? null) as string,
    data: asJsonb(after.data),
    steps: after.steps.map(savedStep),
    deadline:
      after.deadline?.at && after.deadline.reason && after.deadline.step
        ? { at: asTimestamp(after.deadline.at)!, reason: after.deadline.reason, step: after.deadline.step }
        : null,
  };
  return { instance, revision: inserted ? FIRST_ROW_VERSION : before.revision + 1, attributes };
}

/** A new saga's attributes as the insert stores them and a load reads them (`storedSaga`). */
function insertedAttributes(attributes: SagaAttributes): SagaAttributes | undefined {
  const key = attributes.idempotencyKey ?? null;
  if (key !== null && !attributes.idempotencyKeyAt) return undefined;
  const keyAt = key === null ? undefined : asTimestamp(attributes.idempotencyKeyAt!.toISOString());
  return {
    correlationId: attributes.correlationId,
    ...(attributes.traceParent ? { traceParent: attributes.traceParent } : {}),
    idempotencyKey: key,
    ...(keyAt ? { idempotencyKeyAt: new Date(keyAt) } : {}),
    businessKey: attributes.businessKey ?? null,
  };
}

/** A step as `stepRecord` writes it and `toInstance` reads it back. */
function savedStep(step: StepState): StepState {
  return {
    name: step.name,
    kind: step.kind,
    status: step.status,
    attempts: step.attempts,
    compensationAttempts: step.compensationAttempts,
    startedAt: asTimestamp(step.startedAt),
    endedAt: asTimestamp(step.endedAt),
    error: asJsonb(step.error) as StepState['error'],
    lastCommandId: step.lastCommandId ?? null,
    lastCommandAt: asTimestamp(step.lastCommandAt),
    compensationInput: asJsonb(step.compensationInput),
  };
}

/** An ISO timestamp through a `timestamptz` column and back (millisecond precision, UTC). */
function asTimestamp(value: string | null | undefined): string | null {
  return value === null || value === undefined ? null : new Date(value).toISOString();
}

/**
 * A value through a `jsonb` column and back: as JSON (undefined, a missing value, is null), with
 * every object's keys in jsonb's order (shorter first, then by their UTF-8 bytes), which JSON.parse
 * then keeps, integer-like keys aside (a JavaScript object puts those first, whatever the text says).
 */
export function asJsonb(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? null : jsonbOrdered(JSON.parse(text));
}

function jsonbOrdered(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(jsonbOrdered);
  const ordered: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(jsonbKeyOrder))
    ordered[key] = jsonbOrdered((value as Record<string, unknown>)[key]);
  return ordered;
}

function jsonbKeyOrder(a: string, b: string): number {
  const aBytes = Buffer.from(a);
  const bBytes = Buffer.from(b);
  return aBytes.length - bBytes.length || Buffer.compare(aBytes, bBytes);
}
