import type { SagaDefinition } from './saga-definition';
import type { Deadline, SagaInstance } from './saga-instance';

/*
 * A saga-level deadline rides on the one deadline a saga already has (the runtime stores and fires
 * only that one): while the saga deadline is still to be acted on, the transition keeps the
 * pending deadline at or before it. That also makes "still to be acted on" readable from the state
 * alone, with nothing new to store: before it is acted on, a RUNNING saga's deadline falls at or
 * before it; once acted on, every deadline set falls after it and none is a `saga-deadline`.
 */

/** When the saga's deadline falls (ms since the epoch): its first command + `deadlineMs`; null without one, or before the start. */
export function sagaDeadlineAt(
  definition: SagaDefinition<unknown>,
  instance: SagaInstance<unknown>,
): number | null {
  const startedAt = instance.steps[0]?.startedAt;
  if (definition.deadlineMs === null || !startedAt) return null;
  return Date.parse(startedAt) + definition.deadlineMs;
}

/** Whether the saga deadline has yet to be acted on (aborting the saga, or recording that it passed). */
export function sagaDeadlineOutstanding(
  definition: SagaDefinition<unknown>,
  instance: SagaInstance<unknown>,
  now: Date,
): boolean {
  if (definition.deadlineMs === null) return false;
  const at = sagaDeadlineAt(definition, instance);
  if (at === null) return instance.status === 'RUNNING';
  // A FAILED saga waits for an operator; if one resumes it before the deadline, it counts again.
  if (instance.status === 'FAILED') return now.getTime() < at;
  if (instance.status !== 'RUNNING') return false;
  const deadline = instance.deadline;
  return deadline !== null && (deadline.reason === 'saga-deadline' || Date.parse(deadline.at) <= at);
}

/**
 * The deadline to wait on so that the saga deadline (`at`, ISO) is not missed: the step's own when
 * it falls first; else a reply timeout (which must not fall due early: the step would time out)
 * gives way to a `saga-deadline`, and a delivery check or retry backoff just comes due sooner.
 */
export function deadlineBySagaDeadline(deadline: Deadline | null, at: string, currentStep: string): Deadline {
  if (!deadline) return { at, reason: 'saga-deadline', step: currentStep };
  if (Date.parse(deadline.at) <= Date.parse(at)) return deadline;
  if (deadline.reason === 'timeout' || deadline.reason === 'saga-deadline') {
    return { at, reason: 'saga-deadline', step: deadline.step };
  }
  return { ...deadline, at };
}
