import type { RetryPolicy } from './retry-policy';
import type { SagaDraft, StepDraft } from './saga-draft';
import type { SagaDefinitionRule, SagaDefinitionViolation } from './saga-definition-error';
import { compensationRetryPolicy, stepQueueTimeoutMs, stepRetryPolicy, stepTimeout } from './step-policies';

/** Every rule a saga definition must satisfy (DESIGN "Saga model"); returns all violations found. */
export function validateSagaDraft(draft: SagaDraft<unknown>): SagaDefinitionViolation[] {
  const violations: SagaDefinitionViolation[] = [];
  const report = (step: string | null, rule: SagaDefinitionRule, message: string) =>
    violations.push({ step, rule, message });

  if (draft.type.trim() === '') report(null, 'invalid-identity', 'the saga type must not be empty');
  if (!Number.isInteger(draft.version) || draft.version < 1) {
    report(null, 'invalid-identity', `the version must be a positive integer (got ${draft.version})`);
  }
  if (draft.steps.length === 0) report(null, 'empty-saga', 'a saga needs at least one step');
  const { deadlineMs } = draft.options;
  if (deadlineMs !== undefined && !(Number.isFinite(deadlineMs) && deadlineMs > 0)) {
    report(null, 'invalid-deadline', `the saga deadline must be a positive number of ms (got ${deadlineMs})`);
  }

  const pivots = draft.steps.filter((step) => step.kind === 'pivot');
  if (pivots.length > 1) {
    report(
      null,
      'multiple-pivots',
      `only one pivot step is allowed (found ${pivots.map((s) => `'${s.name}'`).join(', ')})`,
    );
  }
  const pivotIndex = draft.steps.findIndex((step) => step.kind === 'pivot');

  const seen = new Set<string>();
  draft.steps.forEach((step, index) => {
    const name = step.name;
    if (name.trim() === '') report(name, 'invalid-identity', 'the step name must not be empty');
    if (seen.has(name)) report(name, 'duplicate-step', 'another step already has this name');
    seen.add(name);

    if (!step.command) report(name, 'missing-invoke', 'the step never calls .invoke(command, payload)');

    const afterPivot = pivotIndex >= 0 && index > pivotIndex;
    if (step.compensation && (step.kind !== 'compensatable' || afterPivot)) {
      report(
        name,
        'compensation-at-or-after-pivot',
        `a ${step.kind} step${afterPivot ? ' after the pivot' : ''} cannot have a compensation: once the pivot is reached the saga only moves forward`,
      );
    }
    if (step.kind === 'retriable' && !afterPivot) {
      report(name, 'retriable-before-pivot', 'a retriable step must come after the pivot step');
    }
    if (step.kind !== 'retriable' && afterPivot) {
      report(name, 'non-retriable-after-pivot', 'every step after the pivot must be .retriable()');
    }
    if (step.compensationReadsRecordedInput && !step.reply) {
      report(
        name,
        'compensation-needs-reply-handler',
        'the compensation reads the recorded input, but the step has no .onReply() to record it',
      );
    }

    const timeout = stepTimeout(draft.options, step);
    if (timeout === undefined) {
      report(
        name,
        'missing-timeout',
        "the step has no reply timeout: give it .timeout(ms) (or the saga a timeoutMs), or declare that it may wait for its reply forever with .unbounded() (timeoutMs: 'none')",
      );
    } else if (timeout !== 'none' && !(Number.isFinite(timeout) && timeout > 0)) {
      report(name, 'invalid-timeout', `the timeout must be a positive number of ms (got ${timeout})`);
    }
    const queueTimeoutMs = stepQueueTimeoutMs(draft.options, step);
    if (queueTimeoutMs !== null && !(Number.isFinite(queueTimeoutMs) && queueTimeoutMs > 0)) {
      report(
        name,
        'invalid-timeout',
        `the queue timeout must be a positive number of ms (got ${queueTimeoutMs})`,
      );
    }
    checkRetryPolicy(step, 'retry', stepRetryPolicy(draft.options, step), report);
    if (step.compensation) {
      checkRetryPolicy(step, 'compensation retry', compensationRetryPolicy(draft.options, step), report);
    }
  });
  return violations;
}

function checkRetryPolicy(
  step: StepDraft<unknown>,
  label: string,
  policy: RetryPolicy,
  report: (step: string, rule: SagaDefinitionRule, message: string) => void,
): void {
  const problems: string[] = [];
  // Only retriable steps may retry forever; anything that can still compensate must eventually give up.
  const unlimitedAllowed = label === 'retry' && step.kind === 'retriable';
  const attemptsValid =
    (Number.isInteger(policy.maxAttempts) && policy.maxAttempts >= 1) ||
    (unlimitedAllowed && policy.maxAttempts === Number.POSITIVE_INFINITY);
  if (!attemptsValid) {
    problems.push(
      `maxAttempts must be a positive integer${unlimitedAllowed ? ' or Infinity' : ''} (got ${policy.maxAttempts})`,
    );
  }
  if (!(policy.initialBackoffMs >= 0)) problems.push('initialBackoffMs must be >= 0');
  if (!(policy.maxBackoffMs >= policy.initialBackoffMs))
    problems.push('maxBackoffMs must be >= initialBackoffMs');
  if (!(policy.multiplier >= 1)) problems.push('multiplier must be >= 1');
  for (const problem of problems) report(step.name, 'invalid-retry-policy', `${label}: ${problem}`);
}
