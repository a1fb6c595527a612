import {
  createSagaInstance,
  sagaDeadlineAt,
  transition,
  type DeadlineReached,
  type DeadlineReason,
  type Rejection,
  type ReplyEvent,
  type SagaDefinition,
  type SagaEffect,
  type SagaEvent,
  type SagaInstance,
  type SagaStatus,
  type SendCommand,
  type StepStatus,
  type TimelineEntry,
  type TimelineKind,
} from '@app/saga-core';
import { ManualClock } from './manual-clock';
import { matchesSubset } from './matches-subset';
import { SagaExpectationError } from './saga-expectation-error';
import { unknownStepMessage } from './unknown-step-error';
import { SeededRandom } from './seeded-random';
import { SequentialIdGenerator } from './sequential-id-generator';

export interface ScenarioOptions {
  sagaId?: string;
  startAt?: Date;
  /** Seed of the jitter random source. */
  seed?: number;
}

export interface ReplyOptions {
  /** Answer the latest command of this type instead of the one just expected (for late replies). */
  to?: string;
}

export interface FailureReply {
  code: string;
  message?: string;
}

/**
 * Starts a saga in memory and returns a script-like harness:
 *
 *     given(orderSaga, data)
 *       .expectCommand('order.create').whenSuccessReply({ orderId })
 *       .expectCommand('inventory.reserve').whenFailureReply({ code: 'INSUFFICIENT_STOCK' })
 *       .expectCommand('order.cancel').whenSuccessReply()
 *       .expectStatus('COMPENSATED');
 */
export function given<D, S extends string = string>(
  definition: SagaDefinition<D, S>,
  data: D,
  options: ScenarioOptions = {},
): SagaScenario<D, S> {
  return new SagaScenario(definition, data, options);
}

/** `S`: the definition's step names; an expectation naming any other step does not compile (nor run). */
export class SagaScenario<D, S extends string = string> {
  readonly clock: ManualClock;
  readonly ids = new SequentialIdGenerator();
  readonly random: SeededRandom;
  /** Every effect produced so far, in order. */
  readonly effects: SagaEffect[] = [];
  private current: SagaInstance<D>;
  private lastRejection: Rejection | undefined;
  private lastChangedState = true;
  /** Sent commands not yet checked by expectCommand. */
  private readonly unexpected: SendCommand[] = [];
  /** The command the next reply answers. */
  private expected: SendCommand | null = null;
  private lastReply: ReplyEvent | null = null;

  constructor(
    private readonly definition: SagaDefinition<D, S>,
    data: D,
    options: ScenarioOptions,
  ) {
    this.clock = new ManualClock(options.startAt);
    this.random = new SeededRandom(options.seed);
    this.current = createSagaInstance(definition, options.sagaId ?? 'saga-1', data);
    this.apply({ type: 'started' });
  }

  get instance(): SagaInstance<D> {
    return this.current;
  }

  /** Every command sent so far (forward and compensation), in order. */
  get commands(): SendCommand[] {
    return this.effects.filter((e): e is SendCommand => e.type === 'send-command');
  }

  get timeline(): TimelineEntry[] {
    return this.effects.filter((e): e is TimelineEntry => e.type === 'timeline');
  }

  // ---- events ---------------------------------------------------------------------------------

  whenSuccessReply(result?: unknown, options: ReplyOptions = {}): this {
    const command = this.replyTarget(options);
    return this.reply({
      type: 'reply-success',
      stepName: command.stepName,
      commandId: command.commandId,
      result,
    });
  }

  /** A business failure (declined, out of stock). */
  whenFailureReply(error: FailureReply, options: ReplyOptions = {}): this {
    return this.failureReply('reply-business-failure', error, options);
  }

  whenTransientReply(error: FailureReply = { code: 'UNAVAILABLE' }, options: ReplyOptions = {}): this {
    return this.failureReply('reply-transient-failure', error, options);
  }

  /** Delivers the previous reply again, as a redelivering broker would. */
  whenReplyRedelivered(): this {
    if (!this.lastReply) this.fail('no reply has been delivered yet, so none can be redelivered');
    return this.apply(this.lastReply);
  }

  /** Moves the clock to the pending reply timeout and lets it fire. */
  whenTimeout(): this {
    return this.fireDeadline('timeout');
  }

  /**
   * Moves the clock to the pending reply timeout (or delivery check) while the command has not
   * reached its participant yet: the step waits, and looks again after `recheckMs`.
   */
  whenTimeoutFindsCommandUndelivered(recheckMs = 1_000): this {
    return this.fireDeadline(
      this.current.deadline?.reason === 'awaiting-delivery' ? 'awaiting-delivery' : 'timeout',
      {
        undelivered: { recheckMs },
      },
    );
  }

  /** Moves the clock to the pending delivery check and lets it find the command delivered: its reply timeout starts. */
  whenCommandDelivered(): this {
    return this.fireDeadline('awaiting-delivery');
  }

  /** Moves the clock to the end of the pending retry backoff and lets it fire. */
  whenBackoffElapses(): this {
    return this.fireDeadline('retry-backoff');
  }

  /**
   * Moves the clock to the saga's deadline (its first command + `deadlineMs`) and lets it fire.
   * The pending deadline must be the one that falls then: fire an earlier one (a reply timeout,
   * a backoff) with its own `when…` first.
   */
  whenSagaDeadlinePasses(): this {
    const at = sagaDeadlineAt(this.definition as SagaDefinition<unknown>, this.current);
    if (at === null) this.fail('the saga has no deadline: defineSaga(type, version, { deadlineMs })');
    const deadline = this.current.deadline;
    if (!deadline || Date.parse(deadline.at) !== at) {
      this.fail(
        `expected the pending deadline to fall at the saga deadline (${new Date(at).toISOString()}), but ${
          deadline ? `a ${deadline.reason} deadline falls at ${deadline.at}` : 'none is pending'
        }`,
      );
    }
    this.clock.advanceTo(deadline.at);
    return this.apply({ type: 'deadline-reached' });
  }

  /** Moves the clock forward and fires the deadline timer, as the runtime's timer would. */
  whenTimeAdvances(ms: number): this {
    this.clock.advanceBy(ms);
    return this.apply({ type: 'deadline-reached' });
  }

  whenOperatorRetry(reason?: string): this {
    return this.apply({ type: 'operator-retry', reason });
  }

  whenOperatorAbort(reason: string): this {
    return this.apply({ type: 'operator-abort', reason });
  }

  // ---- expectations ---------------------------------------------------------------------------

  /** The next sent command has this type (and, if given, a payload containing these fields). */
  expectCommand(type: string, payload?: Record<string, unknown>): this {
    const command = this.unexpected.shift();
    if (!command) this.fail(`expected command ${type}, but no command was sent`);
    if (command.contract.type !== type) this.fail(`expected command ${type}, got ${command.contract.type}`);
    if (payload && !matchesSubset(command.payload, payload)) {
      this.fail(
        `expected command ${type} with a payload containing ${JSON.stringify(payload)}, got ${JSON.stringify(command.payload)}`,
      );
    }
    this.expected = command;
    return this;
  }

  expectNoCommand(): this {
    if (this.unexpected.length > 0) {
      this.fail(`expected no command, got ${this.unexpected.map((c) => c.contract.type).join(', ')}`);
    }
    return this;
  }

  expectStatus(status: SagaStatus): this {
    if (this.current.status !== status)
      this.fail(`expected saga status ${status}, got ${this.current.status}`);
    return this;
  }

  expectStepStatus(stepName: S, status: StepStatus): this {
    const step = this.current.steps.find((s) => s.name === stepName);
    if (!step) this.fail(unknownStepMessage(this.definition, [stepName], 'expectStepStatus'));
    if (step.status !== status) this.fail(`expected step ${stepName} to be ${status}, got ${step.status}`);
    return this;
  }

  /** A deadline of this kind is pending, optionally exactly `inMs` from now. */
  expectDeadline(reason: DeadlineReason, inMs?: number): this {
    const deadline = this.current.deadline;
    if (!deadline) this.fail(`expected a ${reason} deadline, but none is pending`);
    if (deadline.reason !== reason)
      this.fail(`expected a ${reason} deadline, got a ${deadline.reason} deadline`);
    const actualMs = Date.parse(deadline.at) - this.clock.now().getTime();
    if (inMs !== undefined && actualMs !== inMs) {
      this.fail(`expected the ${reason} deadline in ${inMs} ms, got ${actualMs} ms`);
    }
    return this;
  }

  expectNoDeadline(): this {
    const deadline = this.current.deadline;
    if (deadline) this.fail(`expected no deadline, got a ${deadline.reason} deadline at ${deadline.at}`);
    return this;
  }

  /** These timeline kinds were recorded, in this order (other entries may come between them). */
  expectTimeline(...kinds: TimelineKind[]): this {
    const recorded = this.timeline.map((entry) => entry.kind);
    let position = 0;
    for (const kind of kinds) {
      const found = recorded.indexOf(kind, position);
      if (found < 0) this.fail(`expected timeline ${kinds.join(' → ')}, missing ${kind} after #${position}`);
      position = found + 1;
    }
    return this;
  }

  /** The last event changed nothing and was recorded as a late or duplicate reply. */
  expectIgnored(kind: 'late-reply' | 'duplicate-reply'): this {
    const lastEntry = this.timeline.at(-1);
    if (this.lastChangedState || lastEntry?.kind !== kind) {
      this.fail(`expected the last reply to be ignored as ${kind}, got ${lastEntry?.kind ?? 'nothing'}`);
    }
    return this;
  }

  /** The last operator action was refused with this code. */
  expectRejected(code: Rejection['code']): this {
    if (this.lastRejection?.code !== code) {
      this.fail(
        `expected the operator action to be refused with ${code}, got ${this.lastRejection?.code ?? 'accepted'}`,
      );
    }
    return this;
  }

  expectData(fields: Partial<D>): this {
    if (!matchesSubset(this.current.data, fields)) {
      this.fail(
        `expected data containing ${JSON.stringify(fields)}, got ${JSON.stringify(this.current.data)}`,
      );
    }
    return this;
  }

  // ---- internals ------------------------------------------------------------------------------

  private failureReply(
    type: 'reply-business-failure' | 'reply-transient-failure',
    error: FailureReply,
    options: ReplyOptions,
  ) {
    const command = this.replyTarget(options);
    const { code, message = code } = error;
    return this.reply({
      type,
      stepName: command.stepName,
      commandId: command.commandId,
      error: { code, message },
    });
  }

  private reply(event: ReplyEvent): this {
    this.lastReply = event;
    return this.apply(event);
  }

  private replyTarget(options: ReplyOptions): SendCommand {
    if (options.to !== undefined) {
      const command = this.commands.findLast((c) => c.contract.type === options.to);
      if (!command) this.fail(`cannot reply to ${options.to}: no such command was sent`);
      return command;
    }
    const waiting = this.unexpected[0];
    if (waiting) {
      this.fail(
        `${waiting.contract.type} was sent but not expected; call expectCommand('${waiting.contract.type}') before replying`,
      );
    }
    if (!this.expected) this.fail('no command to reply to; call expectCommand first');
    return this.expected;
  }

  private fireDeadline(reason: DeadlineReason, seen: Pick<DeadlineReached, 'undelivered'> = {}): this {
    const deadline = this.current.deadline;
    if (!deadline) this.fail(`expected a pending ${reason} deadline, but none is pending`);
    if (deadline.reason !== reason) {
      this.fail(
        `expected a pending ${reason} deadline, but the pending deadline is a ${deadline.reason} for ${deadline.step}`,
      );
    }
    this.clock.advanceTo(deadline.at);
    return this.apply({ type: 'deadline-reached', ...seen });
  }

  private apply(event: SagaEvent): this {
    const env = { now: this.clock.now(), ids: this.ids, random: this.random };
    const result = transition(this.definition, this.current, event, env);
    this.lastChangedState = result.instance !== this.current;
    this.lastRejection = result.rejection;
    this.current = result.instance;
    this.effects.push(...result.effects);
    this.unexpected.push(...result.effects.filter((e): e is SendCommand => e.type === 'send-command'));
    return this;
  }

  private fail(message: string): never {
    const step = this.current.steps.find((s) => s.name === this.current.currentStep);
    throw new SagaExpectationError(
      [
        message,
        `  saga ${this.current.type} v${this.current.version}: ${this.current.status} at ${this.current.currentStep} (${step?.status})`,
        `  commands so far: ${this.commands.map((c) => c.contract.type).join(', ') || 'none'}`,
      ].join('\n'),
    );
  }
}
