import type { MessageContract } from '@app/contracts';
import type { RetryPolicy } from './retry-policy';
import type { StepKind } from './statuses';
import type { StepResponse } from './step-response';

/*
 * The handlers below use method syntax on purpose: method parameters are checked bivariantly,
 * so a SagaDefinition<OrderData> can be held where a SagaDefinition<unknown> is expected
 * (a registry, the runtime that loads instances of any saga type).
 */

export interface CommandDefinition<D> {
  readonly contract: MessageContract;
  payload(data: D): object;
}

export interface ReplyDefinition<D> {
  /** Returns the new saga data, or a StepResponse that also records the compensation input. */
  handle(data: D, result: unknown): D | StepResponse<D, unknown>;
}

export interface CompensationDefinition<D> {
  readonly contract: MessageContract;
  /** `recorded` is what onReply recorded; undefined when the step timed out (no reply was seen). */
  payload(data: D, recorded: unknown): object;
}

export interface StepDefinition<D, S extends string = string> {
  readonly name: S;
  readonly kind: StepKind;
  readonly command: CommandDefinition<D>;
  readonly reply: ReplyDefinition<D> | null;
  readonly compensation: CompensationDefinition<D> | null;
  /**
   * How long its participant may hold a command (or compensation) without replying; null = forever.
   * The clock runs from delivery: a command still queued for a participant that is down does not time out.
   */
  readonly timeoutMs: number | null;
  /** How long a command may wait to be delivered before the step gives up on it; null = forever. */
  readonly queueTimeoutMs: number | null;
  readonly retry: RetryPolicy;
  readonly compensationRetry: RetryPolicy;
}

/** An immutable, validated saga definition; build one with `defineSaga`. */
/** `S`: the names of its steps (the builder collects them, so harness and verifier take only those). */
export interface SagaDefinition<D, S extends string = string> {
  readonly type: string;
  readonly version: number;
  readonly steps: readonly StepDefinition<D, S>[];
  /** How long an instance may run, from its first command, before it is aborted (null: no limit). */
  readonly deadlineMs: number | null;
}

/** The names of a definition's steps. */
export type StepNameOf<Definition> = Definition extends {
  readonly steps: readonly { readonly name: infer S }[];
}
  ? S
  : string;

/** A JSON view of a definition, e.g. for `GET /admin/definitions`. */
export interface SagaDefinitionSummary {
  type: string;
  version: number;
  deadlineMs: number | null;
  steps: {
    name: string;
    kind: StepKind;
    command: string;
    compensation: string | null;
    timeoutMs: number | null;
    queueTimeoutMs: number | null;
    maxAttempts: number | null;
  }[];
}

export function summarizeSagaDefinition(definition: SagaDefinition<unknown>): SagaDefinitionSummary {
  return {
    type: definition.type,
    version: definition.version,
    deadlineMs: definition.deadlineMs,
    steps: definition.steps.map((step) => ({
      name: step.name,
      kind: step.kind,
      command: step.command.contract.type,
      compensation: step.compensation?.contract.type ?? null,
      timeoutMs: step.timeoutMs,
      queueTimeoutMs: step.queueTimeoutMs,
      // Infinity is not JSON; null reads as "no limit".
      maxAttempts: Number.isFinite(step.retry.maxAttempts) ? step.retry.maxAttempts : null,
    })),
  };
}
