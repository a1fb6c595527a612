import type { CommandContract, MessageContract, PayloadOf } from '@app/contracts';
import type { RetryPolicy } from './retry-policy';
import type { SagaDefinition, StepDefinition } from './saga-definition';
import { SagaDefinitionError } from './saga-definition-error';
import type { SagaDraft, SagaOptions, StepDraft, StepTimeout } from './saga-draft';
import type { StepKind } from './statuses';
import { compensationRetryPolicy, stepQueueTimeoutMs, stepRetryPolicy, stepTimeoutMs } from './step-policies';
import type { StepResponse } from './step-response';
import { validateSagaDraft } from './validate-saga-draft';

/**
 * Starts a saga definition that reads like the design table:
 *
 *     defineSaga<OrderData>('order-fulfillment', 1)
 *       .step('reserve-inventory')
 *       .invoke(ReserveInventoryCommand, (data) => ({ orderId: data.orderId, items: data.items }))
 *       .onReply((data, result) => // result: ReserveInventoryReplyResult, from the command's contract
 *         new StepResponse({ ...data, reservationId: result.reservationId }, result.reservationId))
 *       .withCompensation(ReleaseInventoryCommand, (data, reservationId) => ({ orderId: data.orderId, reservationId }))
 *       .step('schedule-shipment').pivot() ...
 *       .build();
 */
export function defineSaga<D>(type: string, version: number, options: SagaOptions = {}): SagaBuilder<D> {
  return new SagaBuilder<D>({ type, version, options, steps: [] });
}

/** `S` is the union of the step names declared so far: the definition, harness and verifier take only those. */
export class SagaBuilder<D, S extends string = never> {
  constructor(private readonly draft: SagaDraft<D>) {}

  step<N extends string>(name: N): StepBuilder<D, undefined, unknown, S | N> {
    const step: StepDraft<D> = { name, kind: 'compensatable' };
    this.draft.steps.push(step);
    return new StepBuilder<D, undefined, unknown, S | N>(this as SagaBuilder<D, S | N>, step);
  }

  /** Validates the whole definition (throws SagaDefinitionError listing every violation) and freezes it. */
  build(): SagaDefinition<D, S> {
    const violations = validateSagaDraft(this.draft as SagaDraft<unknown>);
    if (violations.length > 0) throw new SagaDefinitionError(this.draft.type, this.draft.version, violations);
    const steps = this.draft.steps.map((step) => resolveStep(this.draft.options, step));
    return Object.freeze({
      type: this.draft.type,
      version: this.draft.version,
      steps: Object.freeze(steps as StepDefinition<D, S>[]),
      deadlineMs: this.draft.options.deadlineMs ?? null,
    });
  }
}

/**
 * The result type of a command's success reply, read from its contract; `any` for a command
 * contract that does not declare its result (built without `result`, or by hand), so a hand
 * annotation in `onReply` still compiles there.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type StepReplyResult<Contract> = Contract extends CommandContract<object, infer R> ? R : any;

/**
 * `C` is the type of what onReply records for the compensation (undefined until it records
 * something); `R` is the result of the invoked command's success reply.
 */
export class StepBuilder<D, C = undefined, R = unknown, S extends string = string> {
  constructor(
    private readonly saga: SagaBuilder<D, S>,
    private readonly draft: StepDraft<D>,
  ) {}

  /** The step's command; `onReply` then knows the type of its reply's result from the contract. */
  invoke<Contract extends MessageContract<object>>(
    contract: Contract,
    payload: (data: D) => PayloadOf<Contract>,
  ): StepBuilder<D, C, StepReplyResult<Contract>, S> {
    this.draft.command = { contract, payload };
    return new StepBuilder<D, C, StepReplyResult<Contract>, S>(this.saga, this.draft);
  }

  /**
   * Handles the success reply, whose `result` is typed by the invoked command's contract: return
   * the new data, or `new StepResponse(data, recorded)` to also record the exact input the
   * compensation will get.
   */
  onReply<Recorded = undefined>(
    handler: (data: D, result: R) => D | StepResponse<D, Recorded>,
  ): StepBuilder<D, Recorded, R, S> {
    this.draft.reply = { handle: (data, result) => handler(data, result as R) };
    return new StepBuilder<D, Recorded, R, S>(this.saga, this.draft);
  }

  /** `recorded` is what onReply recorded, or undefined if the step timed out before any reply. */
  withCompensation<P extends object>(
    contract: MessageContract<P>,
    payload: (data: D, recorded: C | undefined) => P,
  ): this {
    this.draft.compensation = {
      contract,
      payload: (data, recorded) => payload(data, recorded as C | undefined),
    };
    this.draft.compensationReadsRecordedInput = payload.length >= 2;
    return this;
  }

  compensatable(): this {
    return this.ofKind('compensatable');
  }

  pivot(): this {
    return this.ofKind('pivot');
  }

  retriable(): this {
    return this.ofKind('retriable');
  }

  /**
   * How long the participant may hold the command without replying (the clock starts at
   * delivery); `'none'` is `.unbounded()`. A step needs one (or the saga's `timeoutMs`).
   */
  timeout(ms: StepTimeout): this {
    this.draft.timeoutMs = ms;
    return this;
  }

  /** Declares that the step may wait for its reply forever (no reply timeout), overriding the saga's. */
  unbounded(): this {
    return this.timeout('none');
  }

  /** How long the command may wait to be delivered before the step gives up on it (null: no limit). */
  queueTimeout(ms: number | null): this {
    this.draft.queueTimeoutMs = ms;
    return this;
  }

  retry(policy: Partial<RetryPolicy>): this {
    this.draft.retry = policy;
    return this;
  }

  compensationRetry(policy: Partial<RetryPolicy>): this {
    this.draft.compensationRetry = policy;
    return this;
  }

  step<N extends string>(name: N): StepBuilder<D, undefined, unknown, S | N> {
    return this.saga.step(name);
  }

  build(): SagaDefinition<D, S> {
    return this.saga.build();
  }

  private ofKind(kind: StepKind): this {
    this.draft.kind = kind;
    return this;
  }
}

function resolveStep<D>(options: SagaOptions, step: StepDraft<D>): StepDefinition<D> {
  const command = step.command;
  if (!command) throw new Error(`step '${step.name}' has no command (validation should have caught this)`);
  return Object.freeze({
    name: step.name,
    kind: step.kind,
    command: Object.freeze(command),
    reply: step.reply ? Object.freeze(step.reply) : null,
    compensation: step.compensation ? Object.freeze(step.compensation) : null,
    timeoutMs: stepTimeoutMs(options, step),
    queueTimeoutMs: stepQueueTimeoutMs(options, step),
    retry: Object.freeze(stepRetryPolicy(options, step)),
    compensationRetry: Object.freeze(compensationRetryPolicy(options, step)),
  });
}
