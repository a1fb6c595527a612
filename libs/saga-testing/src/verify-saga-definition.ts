import {
  createSagaInstance,
  isTerminal,
  transition as coreTransition,
  type SagaDefinition,
  type SagaEvent,
  type SagaInstance,
  type SagaStatus,
  type SendCommand,
  type StepStatus,
} from '@app/saga-core';
import { ManualClock } from './manual-clock';
import { SagaExpectationError } from './saga-expectation-error';
import { UnknownStepError, unknownStepNames } from './unknown-step-error';
import { SeededRandom } from './seeded-random';
import { SequentialIdGenerator } from './sequential-id-generator';

export interface VerifyOptions<S extends string = string> {
  /** The success result each step's reply carries, by step name (what onReply reads); only the saga's steps. */
  results?: Partial<Record<S, unknown>>;
  /** How often a retriable step fails before it succeeds (default 3, capped by its maxAttempts). */
  retriableFailures?: number;
  /** Scenarios that have not finished after this many events are reported as stuck (default 10,000). */
  maxEvents?: number;
  /** The engine under test. Only the verifier's own tests replace it. */
  transition?: typeof coreTransition;
}

type Outcome = 'success' | 'business-failure' | 'transient-failure' | 'timeout';
type FailureOutcome = Exclude<Outcome, 'success'>;

/** What one scenario exercises; `step` is the step whose participant misbehaves (or waits). */
export type VerificationCheck =
  | { readonly kind: 'happy-path' }
  | { readonly kind: 'business-failure'; readonly step: string }
  | { readonly kind: 'retries-exhausted'; readonly step: string; readonly attempts: number }
  | { readonly kind: 'timeout'; readonly step: string }
  | {
      readonly kind: 'recovers-after-pivot';
      readonly step: string;
      readonly failure: FailureOutcome;
      readonly failures: number;
    }
  | { readonly kind: 'compensation-retries-exhausted'; readonly step: string; readonly attempts: number }
  /** The saga deadline passes while `step` waits for its reply. */
  | { readonly kind: 'saga-deadline'; readonly step: string };

/** How a run differed from what the design table implies. */
export type VerificationProblem =
  | {
      readonly kind: 'did-not-finish';
      readonly cause: 'stuck' | 'too-many-events' | 'threw';
      readonly message: string;
    }
  /** `firstDifference`: the 0-based position of the first command that differs. */
  | {
      readonly kind: 'commands';
      readonly expected: readonly string[];
      readonly actual: readonly string[];
      readonly firstDifference: number;
    }
  | { readonly kind: 'status'; readonly expected: SagaStatus; readonly actual: SagaStatus }
  | {
      readonly kind: 'step-status';
      readonly step: string;
      readonly expected: StepStatus;
      readonly actual: StepStatus;
    };

interface PlayedCheck {
  readonly check: VerificationCheck;
  readonly name: string;
  /** Command types in the order sent; compensations are marked "(compensation)". */
  readonly commands: readonly string[];
  readonly status: SagaStatus;
}

/** One check's result: passed, failed (with every problem), or not exercised (and why). */
export type CheckResult =
  | (PlayedCheck & { readonly outcome: 'passed' })
  | (PlayedCheck & { readonly outcome: 'failed'; readonly problems: readonly VerificationProblem[] })
  | {
      readonly outcome: 'not-exercised';
      readonly check: Extract<VerificationCheck, { kind: 'timeout' | 'compensation-retries-exhausted' }>;
      readonly reason: 'step-has-no-timeout' | 'nothing-compensates-step';
      readonly message: string;
    };

export interface ScenarioReport {
  name: string;
  /** Command types in the order sent; compensations are marked "(compensation)". */
  commands: string[];
  status: SagaStatus;
}

export interface VerificationReport {
  saga: string;
  /** Every check, in the order played. */
  results: CheckResult[];
  passed: boolean;
  /** The played checks as name, commands and status. */
  scenarios: ScenarioReport[];
  /** Why each check that was not exercised was not (`not-exercised` results' messages). */
  notes: string[];
}

/** Thrown by `verifySagaDefinition`; `report` holds every check's typed result. */
export class SagaVerificationError extends SagaExpectationError {
  constructor(readonly report: VerificationReport) {
    super(verificationMessage(report));
    this.name = 'SagaVerificationError';
  }
}

/** A participant's answer for one (step, forward/compensation) pair; every other command succeeds. */
interface FailureRule {
  step: number;
  compensation: boolean;
  /** `hold`: no reply until the saga deadline has fired, then a success if still awaited. */
  outcome: Outcome | 'hold';
  /** Fail this many times, then succeed. */
  times: number;
}

interface ExpectedCommand {
  step: number;
  compensation: boolean;
}

interface Scenario<D> {
  check: VerificationCheck;
  name: string;
  /** The definition to play, when not the one verified (e.g. with a step made to wait). */
  definition?: SagaDefinition<D>;
  rules: FailureRule[];
  commands: ExpectedCommand[];
  status: SagaStatus;
  steps: StepStatus[];
}

/**
 * Drives the state machine through every failure point of a definition and checks each run
 * against what the design table implies: forward steps up to the failure, then exactly the
 * reverse compensations of the steps that need them, and the right final statuses.
 * Throws a SagaVerificationError (its `report` typed per check) when any check fails; returns
 * the report otherwise. A `results` entry for a step the saga does not have is refused.
 */
export function verifySagaDefinition<D, S extends string>(
  definition: SagaDefinition<D, S>,
  sampleData: D,
  options: VerifyOptions<NoInfer<S>> = {},
): VerificationReport {
  const report = checkSagaDefinition(definition, sampleData, options);
  if (!report.passed) throw new SagaVerificationError(report);
  return report;
}

/** As `verifySagaDefinition`, but returns a report with failed checks instead of throwing. */
export function checkSagaDefinition<D, S extends string>(
  definition: SagaDefinition<D, S>,
  sampleData: D,
  options: VerifyOptions<NoInfer<S>> = {},
): VerificationReport {
  const unknown = unknownStepNames(definition, Object.keys(options.results ?? {}));
  if (unknown.length > 0) throw new UnknownStepError(definition, unknown, 'verifySagaDefinition results');
  const { scenarios, skipped } = scenariosOf(definition, options);
  const results: CheckResult[] = [];
  for (const scenario of scenarios) {
    const run = play(scenario.definition ?? definition, sampleData, scenario.rules, options);
    const played = {
      check: scenario.check,
      name: scenario.name,
      commands: run.commands.map((c) => label(definition, c)),
      status: run.status,
    };
    const problems = compare(definition, scenario, run);
    results.push(
      problems.length > 0 ? { ...played, outcome: 'failed', problems } : { ...played, outcome: 'passed' },
    );
  }
  results.push(...skipped);
  return {
    saga: `${definition.type} v${definition.version}`,
    results,
    passed: results.every((result) => result.outcome !== 'failed'),
    scenarios: results.flatMap((result) =>
      result.outcome === 'not-exercised'
        ? []
        : [{ name: result.name, commands: [...result.commands], status: result.status }],
    ),
    notes: results.flatMap((result) => (result.outcome === 'not-exercised' ? [result.message] : [])),
  };
}

function verificationMessage(report: VerificationReport): string {
  const lines = [`saga ${report.saga} failed verification:`];
  for (const result of report.results) {
    if (result.outcome !== 'failed') continue;
    lines.push(
      `  scenario "${result.name}":`,
      ...result.problems.flatMap(problemLines).map((l) => `    ${l}`),
    );
  }
  return lines.join('\n');
}

function problemLines(problem: VerificationProblem): string[] {
  switch (problem.kind) {
    case 'did-not-finish':
      return [`did not finish: ${problem.message}`];
    case 'commands': {
      const at = problem.firstDifference;
      return [
        `commands: expected ${problem.expected.join(' → ') || 'none'}`,
        `          actual   ${problem.actual.join(' → ') || 'none'}`,
        `          first difference at #${at + 1}: expected ${problem.expected[at] ?? 'nothing'}, got ${problem.actual[at] ?? 'nothing'}`,
      ];
    }
    case 'status':
      return [`status: expected ${problem.expected}, got ${problem.actual}`];
    case 'step-status':
      return [`step ${problem.step}: expected ${problem.expected}, got ${problem.actual}`];
  }
}

// ---- what the design table says should happen -------------------------------------------------

function scenariosOf<D>(definition: SagaDefinition<D>, options: VerifyOptions) {
  const steps = definition.steps;
  const scenarios: Scenario<D>[] = [];
  const skipped: CheckResult[] = [];
  // The step table's checks play without the saga deadline (its own checks below), so that a
  // deadline shorter than a step's retries does not make every check fail for the same reason.
  const withoutDeadline: SagaDefinition<D> | undefined =
    definition.deadlineMs === null ? undefined : { ...definition, deadlineMs: null };
  const add = (scenario: Scenario<D>) => scenarios.push({ definition: withoutDeadline, ...scenario });
  const forward = (from: number, to: number): ExpectedCommand[] =>
    steps.slice(from, to + 1).map((_, offset) => ({ step: from + offset, compensation: false }));
  /** Compensations of the succeeded steps below `index` (and of `index` itself when its outcome is unknown), in reverse. */
  const compensations = (index: number, includeIndex: boolean): ExpectedCommand[] =>
    steps
      .map((step, i) => ({ step: i, compensation: true, has: step.compensation !== null }))
      .filter(({ step, has }) => has && (step < index || (includeIndex && step === index)))
      .reverse()
      .map(({ step }) => ({ step, compensation: true }));
  const statusesAfterCompensation = (failed: number, failedStatus: StepStatus): StepStatus[] =>
    steps.map((step, i) => {
      if (i > failed) return 'SKIPPED';
      if (i === failed) return failedStatus;
      return step.compensation ? 'COMPENSATED' : 'SUCCEEDED';
    });
  const completed: StepStatus[] = steps.map(() => 'SUCCEEDED');

  add({
    check: { kind: 'happy-path' },
    name: 'happy path',
    rules: [],
    commands: forward(0, steps.length - 1),
    status: 'COMPLETED',
    steps: completed,
  });

  steps.forEach((step, i) => {
    const failAt = (outcome: FailureRule['outcome'], times = Number.POSITIVE_INFINITY): FailureRule => ({
      step: i,
      compensation: false,
      outcome,
      times,
    });
    if (step.kind === 'retriable') {
      const failures = Math.min(options.retriableFailures ?? 3, step.retry.maxAttempts - 1);
      const outcomes: FailureOutcome[] = ['business-failure', 'transient-failure', 'timeout'];
      for (const outcome of outcomes) {
        if (outcome === 'timeout' && step.timeoutMs === null) continue;
        add({
          check: { kind: 'recovers-after-pivot', step: step.name, failure: outcome, failures },
          name: `${step.name} fails ${failures}× (${outcome}) after the pivot, then succeeds`,
          rules: [failAt(outcome, failures)],
          commands: [
            ...forward(0, i - 1),
            ...Array(failures).fill({ step: i, compensation: false }),
            ...forward(i, steps.length - 1),
          ],
          status: 'COMPLETED',
          steps: completed,
        });
      }
      return;
    }
    add({
      check: { kind: 'business-failure', step: step.name },
      name: `business failure at ${step.name}`,
      rules: [failAt('business-failure')],
      commands: [...forward(0, i), ...compensations(i, false)],
      status: 'COMPENSATED',
      steps: statusesAfterCompensation(i, 'FAILED'),
    });
    add({
      check: { kind: 'retries-exhausted', step: step.name, attempts: step.retry.maxAttempts },
      name: `${step.name} fails transiently ${step.retry.maxAttempts}× (retries exhausted)`,
      rules: [failAt('transient-failure')],
      commands: [
        ...forward(0, i - 1),
        ...Array(step.retry.maxAttempts).fill({ step: i, compensation: false }),
        ...compensations(i, false),
      ],
      status: 'COMPENSATED',
      steps: statusesAfterCompensation(i, 'FAILED'),
    });
    if (step.timeoutMs === null) {
      skipped.push({
        outcome: 'not-exercised',
        check: { kind: 'timeout', step: step.name },
        reason: 'step-has-no-timeout',
        message: `${step.name} has no timeout, so it cannot time out`,
      });
    } else if (step.kind === 'pivot') {
      // A pivot's outcome is unknown after a timeout: it is resent, then left to an operator.
      add({
        check: { kind: 'timeout', step: step.name },
        name: `timeout at ${step.name}`,
        rules: [failAt('timeout')],
        commands: [
          ...forward(0, i - 1),
          ...Array(step.retry.maxAttempts).fill({ step: i, compensation: false }),
        ],
        status: 'FAILED',
        steps: steps.map((_, k) => (k < i ? 'SUCCEEDED' : k === i ? 'FAILED' : 'PENDING')),
      });
    } else {
      add({
        check: { kind: 'timeout', step: step.name },
        name: `timeout at ${step.name}`,
        rules: [failAt('timeout')],
        commands: [...forward(0, i - 1), { step: i, compensation: false }, ...compensations(i, true)],
        status: 'COMPENSATED',
        steps: statusesAfterCompensation(i, step.compensation ? 'COMPENSATED' : 'FAILED'),
      });
    }
  });

  steps.forEach((step, j) => {
    if (!step.compensation) return;
    // The earliest failure that compensates step j: a business failure right after it, else its own timeout.
    const next = steps[j + 1];
    const trigger: FailureRule | null =
      next && next.kind !== 'retriable'
        ? { step: j + 1, compensation: false, outcome: 'business-failure', times: Number.POSITIVE_INFINITY }
        : step.timeoutMs !== null
          ? { step: j, compensation: false, outcome: 'timeout', times: Number.POSITIVE_INFINITY }
          : null;
    const attempts = step.compensationRetry.maxAttempts;
    const check = { kind: 'compensation-retries-exhausted', step: step.name, attempts } as const;
    if (!trigger) {
      skipped.push({
        outcome: 'not-exercised',
        check,
        reason: 'nothing-compensates-step',
        message: `nothing can make ${step.name} compensate, so its compensation cannot be failed`,
      });
      return;
    }
    add({
      check,
      name: `compensation of ${step.name} fails ${attempts}× (retries exhausted)`,
      rules: [
        trigger,
        { step: j, compensation: true, outcome: 'transient-failure', times: Number.POSITIVE_INFINITY },
      ],
      commands: [...forward(0, trigger.step), ...Array(attempts).fill({ step: j, compensation: true })],
      status: 'FAILED',
      steps: steps.map((_, i) => {
        if (i > trigger.step) return 'SKIPPED';
        if (i === j) return 'COMPENSATION_FAILED';
        return i === trigger.step ? 'FAILED' : 'SUCCEEDED';
      }),
    });
  });

  if (definition.deadlineMs !== null) {
    const pivot = steps.findIndex((step) => step.kind === 'pivot');
    steps.forEach((step, i) => {
      // The step waits (no reply timeout) until the saga deadline fires, then answers if still asked.
      const waiting: SagaDefinition<D> = {
        ...definition,
        steps: steps.map((s, k) => (k === i ? { ...s, timeoutMs: null } : s)),
      };
      const hold: FailureRule = { step: i, compensation: false, outcome: 'hold', times: 1 };
      const beforePivot = pivot < 0 || i < pivot;
      scenarios.push(
        beforePivot
          ? {
              check: { kind: 'saga-deadline', step: step.name },
              name: `saga deadline passes while ${step.name} waits`,
              definition: waiting,
              rules: [hold],
              commands: [...forward(0, i), ...compensations(i, true)],
              status: 'COMPENSATED',
              steps: statusesAfterCompensation(i, step.compensation ? 'COMPENSATED' : 'FAILED'),
            }
          : {
              check: { kind: 'saga-deadline', step: step.name },
              name: `saga deadline passes while ${step.name} waits, after the pivot`,
              definition: waiting,
              rules: [hold],
              commands: forward(0, steps.length - 1),
              status: 'COMPLETED',
              steps: completed,
            },
      );
    });
  }
  return { scenarios, skipped };
}

// ---- what the engine does ----------------------------------------------------------------------

interface Run {
  commands: ExpectedCommand[];
  status: SagaStatus;
  steps: StepStatus[];
  error?: { cause: 'stuck' | 'too-many-events' | 'threw'; message: string };
}

function play<D>(definition: SagaDefinition<D>, data: D, rules: FailureRule[], options: VerifyOptions): Run {
  const engine = options.transition ?? coreTransition;
  const clock = new ManualClock();
  const env = { ids: new SequentialIdGenerator(), random: new SeededRandom(7) };
  let instance: SagaInstance<D> = createSagaInstance(definition, 'verify-1', data);
  const sent: SendCommand[] = [];
  const inFlight: SendCommand[] = [];
  const held: SendCommand[] = [];
  const tries = new Map<string, number>();
  const apply = (event: SagaEvent) => {
    const result = engine(definition, instance, event, { ...env, now: clock.now() });
    instance = result.instance;
    const commands = result.effects.filter((e): e is SendCommand => e.type === 'send-command');
    sent.push(...commands);
    inFlight.push(...commands);
  };
  const finish = (error?: Run['error']): Run => ({
    commands: sent.map((c) => ({ step: stepIndex(definition, c.stepName), compensation: c.compensation })),
    status: instance.status,
    steps: instance.steps.map((s) => s.status),
    error,
  });

  try {
    apply({ type: 'started' });
    for (let events = 0; !isTerminal(instance.status); events++) {
      if (events >= (options.maxEvents ?? 10_000))
        return finish({
          cause: 'too-many-events',
          message: `still ${instance.status} after ${events} events`,
        });
      const command = inFlight.shift();
      const deadline = instance.deadline;
      if (command) {
        const key = `${command.stepName}/${command.compensation}`;
        const attempt = (tries.get(key) ?? 0) + 1;
        tries.set(key, attempt);
        const rule = rules.find(
          (r) =>
            definition.steps[r.step].name === command.stepName && r.compensation === command.compensation,
        );
        const outcome = rule && attempt <= rule.times ? rule.outcome : 'success';
        if (outcome === 'hold') held.push(command);
        else if (outcome !== 'timeout') apply(reply(command, outcome, options.results?.[command.stepName]));
      } else if (deadline) {
        clock.advanceTo(deadline.at);
        apply({ type: 'deadline-reached' });
        // A held command is answered once the deadline has fired, if its step still waits for it.
        for (const waiting of held.splice(0)) {
          const step = instance.steps.find((s) => s.name === waiting.stepName);
          if (step?.status === 'RUNNING' && step.lastCommandId === waiting.commandId)
            apply(reply(waiting, 'success', options.results?.[waiting.stepName]));
        }
      } else {
        return finish({
          cause: 'stuck',
          message: `stuck: ${instance.status} with no command in flight and no deadline`,
        });
      }
    }
    return finish();
  } catch (error) {
    return finish({
      cause: 'threw',
      message: `threw: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
}

function reply(command: SendCommand, outcome: Exclude<Outcome, 'timeout'>, result: unknown): SagaEvent {
  const target = { stepName: command.stepName, commandId: command.commandId };
  if (outcome === 'success') return { type: 'reply-success', ...target, result };
  const error = {
    code: outcome === 'business-failure' ? 'VERIFY_REJECTED' : 'VERIFY_UNAVAILABLE',
    message: outcome,
  };
  return {
    type: outcome === 'business-failure' ? 'reply-business-failure' : 'reply-transient-failure',
    ...target,
    error,
  };
}

// ---- comparing ---------------------------------------------------------------------------------

function compare<D>(definition: SagaDefinition<D>, scenario: Scenario<D>, run: Run): VerificationProblem[] {
  const problems: VerificationProblem[] = [];
  if (run.error) problems.push({ kind: 'did-not-finish', ...run.error });
  const expected = scenario.commands.map((c) => label(definition, c));
  const actual = run.commands.map((c) => label(definition, c));
  if (expected.join() !== actual.join()) {
    const at = expected.findIndex((command, i) => command !== actual[i]);
    problems.push({ kind: 'commands', expected, actual, firstDifference: at < 0 ? expected.length : at });
  }
  if (run.status !== scenario.status)
    problems.push({ kind: 'status', expected: scenario.status, actual: run.status });
  definition.steps.forEach((step, i) => {
    if (run.steps[i] !== scenario.steps[i]) {
      problems.push({
        kind: 'step-status',
        step: step.name,
        expected: scenario.steps[i],
        actual: run.steps[i],
      });
    }
  });
  return problems;
}

function label<D>(definition: SagaDefinition<D>, command: ExpectedCommand): string {
  const step = definition.steps[command.step];
  if (!step) return `unknown step #${command.step}`;
  return command.compensation
    ? `${step.compensation?.contract.type} (compensation)`
    : step.command.contract.type;
}

function stepIndex<D>(definition: SagaDefinition<D>, stepName: string): number {
  return definition.steps.findIndex((step) => step.name === stepName);
}
