import type { DeadlineReason, SagaInstance, StepState } from '@app/saga-core';

/** A `saga_instance` row with its steps aggregated as JSON (one round trip). */
export interface InstanceRow {
  id: string;
  type: string;
  version: number;
  status: SagaInstance<unknown>['status'];
  current_step: string;
  data: unknown;
  next_deadline_at: Date | null;
  deadline_reason: DeadlineReason | null;
  deadline_step: string | null;
  row_version: number;
  correlation_id: string;
  trace_parent: string | null;
  steps: StepRecord[];
}

/** A `saga_step` row as JSON: the shape written through `jsonb_to_recordset` and read through `to_jsonb`. */
export interface StepRecord {
  idx: number;
  name: string;
  kind: StepState['kind'];
  status: StepState['status'];
  attempts: number;
  compensation_attempts: number;
  started_at: string | null;
  ended_at: string | null;
  last_error: StepState['error'];
  last_command_id: string | null;
  last_command_at: string | null;
  compensation_input: unknown;
}

/** The column list of `StepRecord` for `jsonb_to_recordset(...) AS s(<this>)`. */
export const STEP_RECORD_COLUMNS = `"idx" integer, "name" text, "kind" text, "status" text, "attempts" integer,
  "compensation_attempts" integer, "started_at" timestamptz, "ended_at" timestamptz, "last_error" jsonb,
  "last_command_id" text, "last_command_at" timestamptz, "compensation_input" jsonb`;

export function stepRecord(step: StepState, idx: number): StepRecord {
  return {
    idx,
    name: step.name,
    kind: step.kind,
    status: step.status,
    attempts: step.attempts,
    compensation_attempts: step.compensationAttempts,
    started_at: step.startedAt,
    ended_at: step.endedAt,
    last_error: step.error,
    last_command_id: step.lastCommandId,
    last_command_at: step.lastCommandAt,
    compensation_input: step.compensationInput ?? null,
  };
}

export function toInstance(row: InstanceRow): SagaInstance<unknown> {
  return {
    sagaId: row.id,
    type: row.type,
    version: row.version,
    status: row.status,
    currentStep: row.current_step,
    data: row.data,
    steps: row.steps.map((step) => ({
      name: step.name,
      kind: step.kind,
      status: step.status,
      attempts: step.attempts,
      compensationAttempts: step.compensation_attempts,
      startedAt: isoOrNull(step.started_at),
      endedAt: isoOrNull(step.ended_at),
      error: step.last_error,
      lastCommandId: step.last_command_id,
      lastCommandAt: isoOrNull(step.last_command_at),
      compensationInput: step.compensation_input,
    })),
    deadline:
      row.next_deadline_at && row.deadline_reason && row.deadline_step
        ? { at: row.next_deadline_at.toISOString(), reason: row.deadline_reason, step: row.deadline_step }
        : null,
  };
}

function isoOrNull(value: string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}
