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
import { SeededRandom } from './seeded-random';
import { SequentialIdGenerator } from './sequential-id-generator';

export interface VerifyOptions {
  /** The success result each step's reply carries, by step name (what onReply reads). */
  results?: Record<string, unknown>;
  /** How often a retriable step fails before it succeeds (default 3, capped by its maxAttempts). */
  retriableFailures?: number;
  /** Scenarios that have not finished after this many events are reported as stuck (default 10,000). */
  maxEvents?: number;
  /** The engine under test. Only the verifier's own tests replace it. */
  transition?: typeof coreTransition;
}

export interface ScenarioReport {
  name: string;
  /** Command types in the order sent; compensations are marked "(compensation)". */
  commands: string[];
  status: SagaStatus;
}

export interface VerificationReport {
  saga: string;
  scenarios: ScenarioReport[];
  /** Failure points that could not be exercised, and why. */
  notes: string[];
}

type Outcome = 'success' | 'business-failure' | 'transient-failure' | 'timeout';

/** A participant's answer for one (step, forward/compensation) pair; every other command succeeds. */
interface FailureRule {
  step: number;
  compensation: boolean;
  outcome: Outcome;
  /** Fail this many times, then succeed. */
  times: number;
}

interface ExpectedCommand {
  step: number;
  compensation: boolean;
}

interface Scenario {
  name: string;
  rules: FailureRule[];
  commands: ExpectedCommand[];
  status: SagaStatus;
  steps: StepStatus[];
}

/**
 * Drives the state machine through every failure point of a definition and checks each run
 * against what the design table implies: forward steps up to the failure, then exactly the
 * reverse compensations of the steps that need them, and the right final statuses.
 * Throws a SagaExpectationError describing every violation; returns the report otherwise.
 */
export function verifySagaDefinition<D>(
  definition: SagaDefinition<D>,
  sampleData: D,
  options: VerifyOptions = {},
): VerificationReport {
  const { scenarios, notes } = scenariosOf(definition, options);
  const reports: ScenarioReport[] = [];
  const violations: string[] = [];
  for (const scenario of scenarios) {
    const run = play(definition, sampleData, scenario.rules, options);
    reports.push({
      name: scenario.name,
      commands: run.commands.map((c) => label(definition, c)),
      status: run.status,
    });
    const problems = compare(definition, scenario, run);
    if (problems.length > 0)
      violations.push(`  scenario "${scenario.name}":`, ...problems.map((p) => `    ${p}`));
  }
  if (violations.length > 0) {
    throw new SagaExpectationError(
      [`saga ${definition.type} v${definition.version} failed verification:`, ...violations].join('\n'),
    );
  }
  return { saga: `${definition.type} v${definition.version}`, scenarios: reports, notes };
}

// ---- what the design table says should happen -------------------------------------------------

function scenariosOf<D>(definition: SagaDefinition<D>, options: VerifyOptions) {
  const steps = definition.steps;
  const scenarios: Scenario[] = [];
  const notes: string[] = [];
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

  scenarios.push({
    name: 'happy path',
    rules: [],
    commands: forward(0, steps.length - 1),
    status: 'COMPLETED',
    steps: completed,
  });

  steps.forEach((step, i) => {
    const failAt = (outcome: Outcome, times = Number.POSITIVE_INFINITY): FailureRule => ({
      step: i,
      compensation: false,
      outcome,
      times,
    });
    if (step.kind === 'retriable') {
      const failures = Math.min(options.retriableFailures ?? 3, step.retry.maxAttempts - 1);
      const outcomes: Outcome[] = ['business-failure', 'transient-failure', 'timeout'];
      for (const outcome of outcomes) {
        if (outcome === 'timeout' && step.timeoutMs === null) continue;
        scenarios.push({
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
    scenarios.push({
      name: `business failure at ${step.name}`,
      rules: [failAt('business-failure')],
      commands: [...forward(0, i), ...compensations(i, false)],
      status: 'COMPENSATED',
      steps: statusesAfterCompensation(i, 'FAILED'),
    });
    scenarios.push({
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
      notes.push(`${step.name} has no timeout, so it cannot time out`);
    } else {
      if (step.kind === 'pivot') {
        // A pivot's outcome is unknown after a timeout: it is resent, then left to an operator.
        scenarios.push({
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
        scenarios.push({
          name: `timeout at ${step.name}`,
          rules: [failAt('timeout')],
          commands: [...forward(0, i - 1), { step: i, compensation: false }, ...compensations(i, true)],
          status: 'COMPENSATED',
          steps: statusesAfterCompensation(i, step.compensation ? 'COMPENSATED' : 'FAILED'),
        });
      }
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
    if (!trigger) {
      notes.push(`nothing can make ${step.name} compensate, so its compensation cannot be failed`);
      return;
    }
    const attempts = step.compensationRetry.maxAttempts;
    scenarios.push({
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
  return { scenarios, notes };
}

// ---- what the engine does ----------------------------------------------------------------------

interface Run {
  commands: ExpectedCommand[];
  status: SagaStatus;
  steps: StepStatus[];
  error?: string;
}

function play<D>(definition: SagaDefinition<D>, data: D, rules: FailureRule[], options: VerifyOptions): Run {
  const engine = options.transition ?? coreTransition;
  const clock = new ManualClock();
  const env = { ids: new SequentialIdGenerator(), random: new SeededRandom(7) };
  let instance: SagaInstance<D> = createSagaInstance(definition, 'verify-1', data);
  const sent: SendCommand[] = [];
  const inFlight: SendCommand[] = [];
  const tries = new Map<string, number>();
  const apply = (event: SagaEvent) => {
    const result = engine(definition, instance, event, { ...env, now: clock.now() });
    instance = result.instance;
    const commands = result.effects.filter((e): e is SendCommand => e.type === 'send-command');
    sent.push(...commands);
    inFlight.push(...commands);
  };
  const finish = (error?: string): Run => ({
    commands: sent.map((c) => ({ step: stepIndex(definition, c.stepName), compensation: c.compensation })),
    status: instance.status,
    steps: instance.steps.map((s) => s.status),
    error,
  });

  try {
    apply({ type: 'started' });
    for (let events = 0; !isTerminal(instance.status); events++) {
      if (events >= (options.maxEvents ?? 10_000))
        return finish(`still ${instance.status} after ${events} events`);
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
        if (outcome !== 'timeout') apply(reply(command, outcome, options.results?.[command.stepName]));
      } else if (deadline) {
        clock.advanceTo(deadline.at);
        apply({ type: 'deadline-reached' });
      } else {
        return finish(`stuck: ${instance.status} with no command in flight and no deadline`);
      }
    }
    return finish();
  } catch (error) {
    return finish(`threw: ${error instanceof Error ? error.message : String(error)}`);
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

function compare<D>(definition: SagaDefinition<D>, scenario: Scenario, run: Run): string[] {
  const problems: string[] = [];
  if (run.error) problems.push(`did not finish: ${run.error}`);
  const expected = scenario.commands.map((c) => label(definition, c));
  const actual = run.commands.map((c) => label(definition, c));
  if (expected.join() !== actual.join()) {
    const at = expected.findIndex((command, i) => command !== actual[i]);
    const first = at < 0 ? expected.length : at;
    problems.push(
      `commands: expected ${expected.join(' → ') || 'none'}`,
      `          actual   ${actual.join(' → ') || 'none'}`,
      `          first difference at #${first + 1}: expected ${expected[first] ?? 'nothing'}, got ${actual[first] ?? 'nothing'}`,
    );
  }
  if (run.status !== scenario.status) problems.push(`status: expected ${scenario.status}, got ${run.status}`);
  definition.steps.forEach((step, i) => {
    if (run.steps[i] !== scenario.steps[i]) {
      problems.push(`step ${step.name}: expected ${scenario.steps[i]}, got ${run.steps[i]}`);
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
