import type { MessageContract } from '@app/contracts';
import { cloneState } from './clone-state';
import type { IdGenerator } from './ports/id-generator';
import type { RandomSource } from './ports/random-source';
import { hasAttemptsLeft, stepRetryDelayMs } from './retry-policy';
import { deadlineBySagaDeadline, sagaDeadlineAt, sagaDeadlineOutstanding } from './saga-deadline';
import type { SagaDefinition } from './saga-definition';
import type { SagaEffect, TimelineKind } from './saga-effect';
import type { DeadlineReached, ReplyEvent, SagaEvent } from './saga-event';
import type { Deadline, SagaInstance, StepError } from './saga-instance';
import { isTerminal, type SagaStatus } from './statuses';
import { StepResponse } from './step-response';

export interface TransitionEnv {
  readonly now: Date;
  readonly ids: IdGenerator;
  readonly random: RandomSource;
}

export type RejectionCode = 'SAGA_TERMINAL' | 'ALREADY_COMPENSATING' | 'PAST_PIVOT' | 'NOTHING_TO_RETRY';

/** An operator action the saga refused; the instance is unchanged. */
export interface Rejection {
  code: RejectionCode;
  message: string;
}

export interface TransitionResult<D> {
  /** The new state, or the very same object when the event changed nothing. */
  instance: SagaInstance<D>;
  effects: SagaEffect[];
  rejection?: Rejection;
}

/**
 * The saga engine: a pure function from (definition, state, event, now) to (new state, effects).
 * It never mutates `instance`; user handlers (payload builders, onReply) may throw, and then
 * nothing has changed.
 */
export function transition<D>(
  definition: SagaDefinition<D>,
  instance: SagaInstance<D>,
  event: SagaEvent,
  env: TransitionEnv,
): TransitionResult<D> {
  if (definition.type !== instance.type || definition.version !== instance.version) {
    throw new Error(
      `saga ${instance.sagaId} runs on ${instance.type} v${instance.version}, not ${definition.type} v${definition.version}`,
    );
  }
  return new SagaTransition(definition, instance, env).apply(event);
}

type FailureCause = 'business-failure' | 'transient-failure' | 'timeout';

class SagaTransition<D> {
  private readonly saga: SagaInstance<D>;
  private readonly effects: SagaEffect[] = [];
  /** The saga deadline has yet to be acted on (see saga-deadline.ts). */
  private sagaDeadlineOutstanding: boolean;
  /** The saga deadline was acted on before the event: the result is a new state, whatever the event does. */
  private actedOnSagaDeadline = false;

  constructor(
    private readonly definition: SagaDefinition<D>,
    private readonly original: SagaInstance<D>,
    private readonly env: TransitionEnv,
  ) {
    this.saga = cloneState(original);
    this.sagaDeadlineOutstanding = sagaDeadlineOutstanding(definition, original, env.now);
  }

  apply(event: SagaEvent): TransitionResult<D> {
    // A saga still running at its deadline is aborted before anything else it hears counts; a
    // reply that arrives after the deadline but before its timer fired is then late.
    const heard = event.type === 'deadline-reached' || isReply(event);
    if (heard && this.sagaDeadlineDue() && this.sagaDeadlinePassed() === 'aborted') {
      if (isReply(event)) this.record('late-reply', event.stepName, replyDetail(event));
      return this.commit();
    }
    switch (event.type) {
      case 'started':
        return this.started();
      case 'reply-success':
      case 'reply-business-failure':
      case 'reply-transient-failure':
        return this.replied(event);
      case 'deadline-reached':
        return this.deadlineReached(event);
      case 'operator-retry':
        return this.operatorRetry(event.reason);
      case 'operator-abort':
        return this.operatorAbort(event.reason);
    }
  }

  // ---- events -------------------------------------------------------------------------------

  private started(): TransitionResult<D> {
    if (this.saga.steps[0].status !== 'PENDING') return this.ignored('duplicate-start', null, {});
    this.record('saga-started', null, { type: this.saga.type, version: this.saga.version });
    this.sendForward(0);
    return this.commit();
  }

  private replied(event: ReplyEvent): TransitionResult<D> {
    const index = this.indexOf(event.stepName);
    const step = this.saga.steps[index];
    const detail = replyDetail(event);
    if (!step || event.commandId !== step.lastCommandId)
      return this.ignored('late-reply', event.stepName, detail);
    if (!this.awaitsReply(index)) return this.ignored('duplicate-reply', event.stepName, detail);

    this.record('reply-received', step.name, detail);
    if (step.status === 'COMPENSATING') {
      if (event.type === 'reply-success') this.compensationSucceeded(index);
      else this.compensationAttemptFailed(index, event.error);
    } else if (event.type === 'reply-success') {
      this.forwardSucceeded(index, event.result);
    } else {
      const cause = event.type === 'reply-business-failure' ? 'business-failure' : 'transient-failure';
      this.forwardFailed(index, event.error, cause);
    }
    return this.commit();
  }

  /**
   * A reply timeout measures the participant's silence, not the queue in front of it (as
   * Temporal's start-to-close against schedule-to-start): a command not delivered yet waits, with
   * its own limit, and its reply timeout starts once it has been delivered.
   */
  private deadlineReached(event: DeadlineReached): TransitionResult<D> {
    const deadline = this.saga.deadline;
    // A timer that fires early, or after its deadline was replaced or cancelled, changes nothing.
    if (!deadline || this.env.now.getTime() < Date.parse(deadline.at)) return this.unchanged();
    // Acted on in apply(); one left here (it cannot be) must not fire again and again.
    if (deadline.reason === 'saga-deadline') {
      this.saga.deadline = this.replyTimeout(this.indexOf(this.saga.currentStep));
      return this.commit();
    }

    const index = this.indexOf(deadline.step);
    this.saga.deadline = null;
    if (deadline.reason === 'retry-backoff') {
      this.resend(index);
      return this.commit();
    }
    const step = this.saga.steps[index];
    const { timeoutMs, queueTimeoutMs } = this.definition.steps[index];
    if (event.undelivered) {
      const waitedMs = this.env.now.getTime() - Date.parse(step.lastCommandAt ?? this.nowIso());
      if (queueTimeoutMs === null || waitedMs < queueTimeoutMs) {
        if (deadline.reason === 'timeout') {
          this.record('command-queued', step.name, { commandId: step.lastCommandId, waitedMs });
        }
        const recheckMs =
          queueTimeoutMs === null
            ? event.undelivered.recheckMs
            : Math.min(event.undelivered.recheckMs, queueTimeoutMs - waitedMs);
        this.saga.deadline = { at: this.later(recheckMs), reason: 'awaiting-delivery', step: step.name };
        return this.commit();
      }
      this.record('timeout', step.name, { commandId: step.lastCommandId, queueTimeoutMs, delivered: false });
      return this.stepTimedOut(index, {
        code: 'QUEUE_TIMEOUT',
        message: `not delivered to its participant within ${queueTimeoutMs} ms`,
      });
    }
    if (deadline.reason === 'awaiting-delivery') {
      this.record('command-delivered', step.name, { commandId: step.lastCommandId, timeoutMs });
      this.saga.deadline =
        timeoutMs === null ? null : { at: this.later(timeoutMs), reason: 'timeout', step: step.name };
      return this.commit();
    }
    this.record('timeout', step.name, { commandId: step.lastCommandId, timeoutMs });
    return this.stepTimedOut(index, { code: 'TIMEOUT', message: `no reply within ${timeoutMs} ms` });
  }

  private stepTimedOut(index: number, error: StepError): TransitionResult<D> {
    if (this.saga.status === 'COMPENSATING') this.compensationAttemptFailed(index, error);
    else this.forwardFailed(index, error, 'timeout');
    return this.commit();
  }

  private operatorRetry(reason: string | undefined): TransitionResult<D> {
    if (this.saga.status === 'FAILED') {
      const index = this.saga.steps.findIndex(
        (s) =>
          s.status === 'COMPENSATION_FAILED' ||
          (s.status === 'FAILED' && (s.kind === 'retriable' || s.kind === 'pivot')),
      );
      const step = this.saga.steps[index];
      if (!step) {
        return this.refused(
          'operator-retry',
          reason,
          'NOTHING_TO_RETRY',
          'saga is FAILED but no step is waiting for a retry',
        );
      }
      this.record('operator-retry', step.name, { reason: reason ?? null, resumes: step.status });
      if (step.status === 'COMPENSATION_FAILED') {
        this.saga.status = 'COMPENSATING';
        step.compensationAttempts = 0;
        this.sendCompensation(index);
      } else {
        this.saga.status = 'RUNNING';
        step.attempts = 0;
        this.sendForward(index);
      }
      return this.commit();
    }
    if (this.saga.deadline?.reason === 'retry-backoff') {
      const index = this.indexOf(this.saga.deadline.step);
      this.record('operator-retry', this.saga.deadline.step, {
        reason: reason ?? null,
        resumes: 'retry-backoff',
      });
      this.saga.deadline = null;
      this.resend(index);
      return this.commit();
    }
    return this.refused(
      'operator-retry',
      reason,
      'NOTHING_TO_RETRY',
      `saga is ${this.saga.status} and no step is waiting to retry; only a FAILED saga or a step in retry backoff can be retried`,
    );
  }

  private operatorAbort(reason: string): TransitionResult<D> {
    if (isTerminal(this.saga.status))
      return this.refused('operator-abort', reason, 'SAGA_TERMINAL', `saga is already ${this.saga.status}`);
    if (this.saga.status === 'COMPENSATING') {
      return this.refused('operator-abort', reason, 'ALREADY_COMPENSATING', 'saga is already compensating');
    }
    const pivot = this.pivotIndex();
    if (this.pastPivot()) {
      return this.refused(
        'operator-abort',
        reason,
        'PAST_PIVOT',
        `the pivot step '${this.saga.steps[pivot].name}' has been sent; the saga can only move forward`,
      );
    }
    const index = this.indexOf(this.saga.currentStep);
    this.record('operator-abort', this.saga.currentStep, { reason });
    // A step waiting out a retry backoff has no command in flight; otherwise its outcome is unknown.
    const commandInFlight = this.saga.deadline?.reason !== 'retry-backoff';
    this.saga.steps[index].error = { code: 'ABORTED', message: reason };
    this.beginCompensation(index, commandInFlight, { cause: 'operator-abort', reason });
    return this.commit();
  }

  // ---- saga deadline ------------------------------------------------------------------------

  private sagaDeadlineDue(): boolean {
    if (!this.sagaDeadlineOutstanding || this.saga.status !== 'RUNNING') return false;
    const at = sagaDeadlineAt(this.definition, this.saga);
    return at !== null && this.env.now.getTime() >= at;
  }

  /**
   * The saga is still running at its deadline. Before the pivot it is aborted as by an operator:
   * the current step's command is compensated when it may have been carried out, then the steps
   * before it. After the pivot nothing can be undone: the saga goes on (retrying as it would) and
   * the timeline says the deadline passed.
   */
  private sagaDeadlinePassed(): 'aborted' | 'continues' {
    const deadlineMs = this.definition.deadlineMs;
    const at = sagaDeadlineAt(this.definition, this.saga);
    if (deadlineMs === null || at === null) throw new Error('the saga has no deadline to pass');
    this.sagaDeadlineOutstanding = false;
    this.actedOnSagaDeadline = true;
    const index = this.indexOf(this.saga.currentStep);
    const detail = { deadlineAt: new Date(at).toISOString(), deadlineMs };
    if (!this.pastPivot()) {
      this.record('saga-deadline-passed', this.saga.currentStep, { ...detail, then: 'compensate' });
      const commandInFlight = this.saga.deadline?.reason !== 'retry-backoff';
      this.saga.steps[index].error = {
        code: 'SAGA_DEADLINE',
        message: `the saga did not finish within ${deadlineMs} ms`,
      };
      this.beginCompensation(index, commandInFlight, { cause: 'saga-deadline', ...detail });
      return 'aborted';
    }
    this.record('saga-deadline-passed', this.saga.currentStep, { ...detail, then: 'continue' });
    if (this.saga.deadline?.reason === 'saga-deadline') this.saga.deadline = this.replyTimeout(index);
    return 'continues';
  }

  /**
   * The reply timeout a `saga-deadline` stood in for: it only ever replaces a reply timeout (or
   * none), and that one ran from when the command was sent. (When the command had waited to be
   * delivered, its timeout had started later: this one then falls due sooner, and the step, past
   * the pivot, retries as after any timeout.)
   */
  private replyTimeout(index: number): Deadline | null {
    const { timeoutMs } = this.definition.steps[index];
    if (timeoutMs === null) return null;
    const sentAt = Date.parse(this.saga.steps[index].lastCommandAt ?? this.nowIso());
    const at = Math.max(this.env.now.getTime(), sentAt + timeoutMs);
    return { at: new Date(at).toISOString(), reason: 'timeout', step: this.saga.steps[index].name };
  }

  /** Keeps the saga deadline from being missed: the pending deadline falls at or before it. */
  private watchSagaDeadline(): void {
    if (!this.sagaDeadlineOutstanding || this.saga.status !== 'RUNNING') return;
    const at = sagaDeadlineAt(this.definition, this.saga);
    if (at === null) return;
    if (this.env.now.getTime() >= at) {
      this.sagaDeadlinePassed();
      return;
    }
    this.saga.deadline = deadlineBySagaDeadline(
      this.saga.deadline,
      new Date(at).toISOString(),
      this.saga.currentStep,
    );
  }

  private pivotIndex(): number {
    return this.definition.steps.findIndex((s) => s.kind === 'pivot');
  }

  /** The pivot's command has been sent: from here the saga only moves forward. */
  private pastPivot(): boolean {
    const pivot = this.pivotIndex();
    return pivot >= 0 && this.saga.steps[pivot].status !== 'PENDING';
  }

  // ---- forward ------------------------------------------------------------------------------

  private forwardSucceeded(index: number, result: unknown): void {
    const step = this.saga.steps[index];
    const reply = this.definition.steps[index].reply;
    const outcome = reply ? reply.handle(this.saga.data, result) : this.saga.data;
    if (outcome instanceof StepResponse) {
      this.saga.data = outcome.data;
      step.compensationInput = outcome.compensationInput ?? null;
    } else {
      this.saga.data = outcome;
    }
    step.status = 'SUCCEEDED';
    step.endedAt = this.nowIso();
    step.error = null;
    this.saga.deadline = null;
    if (index + 1 < this.saga.steps.length) this.sendForward(index + 1);
    else this.finish('COMPLETED');
  }

  /**
   * Retriable steps retry on any failure; other steps retry transient failures, then compensate.
   * A pivot whose outcome is unknown (timeout) is resent, and when its attempts run out the saga
   * waits for an operator instead of compensating: the pivot has no compensation, so no tombstone
   * could stop its original command arriving late, after the steps before it were undone.
   * Resending is safe because participants are idempotent per order and action.
   */
  private forwardFailed(index: number, error: StepError, cause: FailureCause): void {
    const step = this.saga.steps[index];
    const definition = this.definition.steps[index];
    step.error = error;
    const pivotOutcomeUnknown = cause === 'timeout' && definition.kind === 'pivot';
    const retries = definition.kind === 'retriable' || cause === 'transient-failure' || pivotOutcomeUnknown;
    if (retries && hasAttemptsLeft(definition.retry, step.attempts)) {
      this.scheduleRetry(index, false);
      return;
    }
    if (retries)
      this.record('retries-exhausted', step.name, { attempts: step.attempts, compensation: false, error });
    if (definition.kind === 'retriable' || pivotOutcomeUnknown) {
      // Past the pivot nothing can be undone, and an unanswered pivot may have happened:
      // an operator has to look at it.
      step.status = 'FAILED';
      step.endedAt = this.nowIso();
      this.finish('FAILED');
      return;
    }
    this.beginCompensation(index, cause === 'timeout', { cause, error });
  }

  private sendForward(index: number): void {
    const step = this.saga.steps[index];
    const { command } = this.definition.steps[index];
    step.status = 'RUNNING';
    step.attempts += 1;
    step.startedAt ??= this.nowIso();
    this.send(index, false, command.contract, command.payload(this.saga.data), step.attempts);
  }

  // ---- compensation -------------------------------------------------------------------------

  /**
   * Steps after `index` are skipped. The failed step itself is compensated first when its
   * outcome is unknown (timeout, abort with a command in flight): participants treat
   * compensating a command they never saw as a no-op that leaves a tombstone.
   */
  private beginCompensation(index: number, outcomeUnknown: boolean, reason: Record<string, unknown>): void {
    const step = this.saga.steps[index];
    this.saga.status = 'COMPENSATING';
    this.saga.deadline = null;
    this.saga.steps.forEach((s, i) => {
      if (i > index && s.status === 'PENDING') s.status = 'SKIPPED';
    });
    step.endedAt = this.nowIso();
    this.record('compensation-started', step.name, reason);
    if (outcomeUnknown && this.definition.steps[index].compensation) {
      this.sendCompensation(index);
    } else {
      step.status = 'FAILED';
      this.compensateBefore(index);
    }
  }

  /** Compensations run in reverse order, one at a time. */
  private compensateBefore(index: number): void {
    for (let i = index - 1; i >= 0; i--) {
      if (this.saga.steps[i].status === 'SUCCEEDED' && this.definition.steps[i].compensation) {
        this.sendCompensation(i);
        return;
      }
    }
    this.finish('COMPENSATED');
  }

  private compensationSucceeded(index: number): void {
    const step = this.saga.steps[index];
    step.status = 'COMPENSATED';
    step.endedAt = this.nowIso();
    this.saga.deadline = null;
    this.compensateBefore(index);
  }

  /** Any failed compensation attempt (business, transient, timeout) is retried until the policy gives up. */
  private compensationAttemptFailed(index: number, error: StepError): void {
    const step = this.saga.steps[index];
    if (hasAttemptsLeft(this.definition.steps[index].compensationRetry, step.compensationAttempts)) {
      this.scheduleRetry(index, true);
      return;
    }
    this.record('retries-exhausted', step.name, {
      attempts: step.compensationAttempts,
      compensation: true,
      error,
    });
    step.status = 'COMPENSATION_FAILED';
    step.error = error;
    step.endedAt = this.nowIso();
    this.finish('FAILED');
  }

  private sendCompensation(index: number): void {
    const step = this.saga.steps[index];
    const compensation = this.definition.steps[index].compensation;
    if (!compensation) throw new Error(`step '${step.name}' has no compensation`);
    step.status = 'COMPENSATING';
    step.compensationAttempts += 1;
    const payload = compensation.payload(this.saga.data, step.compensationInput ?? undefined);
    this.send(index, true, compensation.contract, payload, step.compensationAttempts);
  }

  // ---- shared -------------------------------------------------------------------------------

  private send(
    index: number,
    compensation: boolean,
    contract: MessageContract,
    payload: object,
    attempt: number,
  ): void {
    const step = this.saga.steps[index];
    const commandId = this.env.ids.next();
    step.lastCommandId = commandId;
    step.lastCommandAt = this.nowIso();
    this.saga.currentStep = step.name;
    this.effects.push({
      type: 'send-command',
      commandId,
      contract,
      payload,
      stepName: step.name,
      compensation,
    });
    this.record(compensation ? 'compensation-sent' : 'command-sent', step.name, {
      commandId,
      command: contract.type,
      attempt,
    });
    const { timeoutMs } = this.definition.steps[index];
    this.saga.deadline =
      timeoutMs === null ? null : { at: this.later(timeoutMs), reason: 'timeout', step: step.name };
  }

  /** Resends the current step's command (forward or compensation) after a backoff. */
  private resend(index: number): void {
    if (this.saga.status === 'COMPENSATING') this.sendCompensation(index);
    else this.sendForward(index);
  }

  private scheduleRetry(index: number, compensation: boolean): void {
    const step = this.saga.steps[index];
    const definition = this.definition.steps[index];
    const policy = compensation ? definition.compensationRetry : definition.retry;
    const attempts = compensation ? step.compensationAttempts : step.attempts;
    const delayMs = stepRetryDelayMs(policy, attempts, this.env.random);
    this.saga.deadline = { at: this.later(delayMs), reason: 'retry-backoff', step: step.name };
    this.record('retry-scheduled', step.name, { nextAttempt: attempts + 1, delayMs, compensation });
  }

  private finish(status: SagaStatus): void {
    this.saga.status = status;
    this.saga.deadline = null;
    this.record('saga-finished', null, { status });
  }

  /** A step awaits a reply while it is the current step, has a command in flight, and the saga is in its phase. */
  private awaitsReply(index: number): boolean {
    const step = this.saga.steps[index];
    if (this.saga.currentStep !== step.name || this.saga.deadline?.reason === 'retry-backoff') return false;
    return (
      (this.saga.status === 'RUNNING' && step.status === 'RUNNING') ||
      (this.saga.status === 'COMPENSATING' && step.status === 'COMPENSATING')
    );
  }

  private record(kind: TimelineKind, step: string | null, detail: Record<string, unknown>): void {
    this.effects.push({ type: 'timeline', at: this.nowIso(), kind, step, detail });
  }

  /** Deadline and `finished` effects follow from comparing the new state with the old one. */
  private commit(): TransitionResult<D> {
    this.watchSagaDeadline();
    const effects = [...this.effects, ...deadlineEffects(this.original.deadline, this.saga.deadline)];
    if (this.saga.status !== this.original.status && isTerminal(this.saga.status)) {
      effects.push({ type: 'finished', status: this.saga.status });
    }
    return { instance: this.saga, effects };
  }

  private ignored(
    kind: TimelineKind,
    step: string | null,
    detail: Record<string, unknown>,
  ): TransitionResult<D> {
    this.record(kind, step, detail);
    if (this.actedOnSagaDeadline) return this.commit();
    return { instance: this.original, effects: this.effects };
  }

  private unchanged(): TransitionResult<D> {
    if (this.actedOnSagaDeadline) return this.commit();
    return { instance: this.original, effects: [] };
  }

  /** The refused action and its reason go on the timeline too: every operator action is recorded. */
  private refused(
    action: 'operator-retry' | 'operator-abort',
    reason: string | undefined,
    code: Rejection['code'],
    message: string,
  ): TransitionResult<D> {
    this.record('operator-refused', this.saga.currentStep, { action, reason: reason ?? null, code, message });
    return { instance: this.original, effects: this.effects, rejection: { code, message } };
  }

  private indexOf(stepName: string): number {
    return this.definition.steps.findIndex((step) => step.name === stepName);
  }

  private nowIso(): string {
    return this.env.now.toISOString();
  }

  private later(ms: number): string {
    return new Date(this.env.now.getTime() + ms).toISOString();
  }
}

function isReply(event: SagaEvent): event is ReplyEvent {
  return (
    event.type === 'reply-success' ||
    event.type === 'reply-business-failure' ||
    event.type === 'reply-transient-failure'
  );
}

function replyDetail(event: ReplyEvent): Record<string, unknown> {
  return event.type === 'reply-success'
    ? { commandId: event.commandId, outcome: 'SUCCESS', result: event.result ?? null }
    : {
        commandId: event.commandId,
        outcome: event.type === 'reply-business-failure' ? 'BUSINESS_FAILURE' : 'TRANSIENT_FAILURE',
        error: event.error,
      };
}

function deadlineEffects(before: Deadline | null, after: Deadline | null): SagaEffect[] {
  if (after) {
    const same = before?.at === after.at && before.reason === after.reason && before.step === after.step;
    return same
      ? []
      : [{ type: 'schedule-deadline', at: after.at, reason: after.reason, stepName: after.step }];
  }
  return before ? [{ type: 'cancel-deadline' }] : [];
}
