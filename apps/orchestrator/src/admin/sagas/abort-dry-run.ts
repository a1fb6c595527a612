import {
  type Rejection,
  type SagaDefinition,
  type SagaEffect,
  type SagaInstance,
  type SendCommand,
  transition,
} from '@app/saga-core';

/** One compensation command an abort would send. */
export interface PlannedCompensation {
  step: string;
  /** The command's message type, e.g. `payment.void`. */
  command: string;
}

export type AbortDryRun =
  { outcome: 'planned'; compensations: PlannedCompensation[] } | { outcome: 'refused'; rejection: Rejection };

/**
 * What `operator-abort` would send, asked of the state machine itself: the abort is applied to
 * the instance in memory (`transition` is pure), then each compensation it sends is answered
 * with a success, in memory too, until the saga is compensated — a real abort sends the
 * compensations one at a time as their replies arrive, so this lists them in that order.
 * Nothing is written anywhere.
 */
export function abortDryRun(
  definition: SagaDefinition<unknown>,
  instance: SagaInstance<unknown>,
  reason: string,
  now: Date = new Date(),
): AbortDryRun {
  let sequence = 0;
  const env = {
    now,
    ids: { next: () => `dry-run-${(sequence += 1)}` },
    random: { next: () => 0 },
  };
  const aborted = transition(definition, instance, { type: 'operator-abort', reason }, env);
  if (aborted.rejection) return { outcome: 'refused', rejection: aborted.rejection };

  const compensations: PlannedCompensation[] = [];
  let saga = aborted.instance;
  let sent = compensationsSent(aborted.effects);
  // Each step is compensated at most once, so the definition's length bounds the loop.
  for (let round = 0; sent.length > 0 && round <= definition.steps.length; round += 1) {
    const last = sent[sent.length - 1];
    compensations.push(
      ...sent.map((command) => ({ step: command.stepName, command: command.contract.type })),
    );
    const replied = transition(
      definition,
      saga,
      { type: 'reply-success', stepName: last.stepName, commandId: last.commandId },
      env,
    );
    saga = replied.instance;
    sent = compensationsSent(replied.effects);
  }
  return { outcome: 'planned', compensations };
}

function compensationsSent(effects: readonly SagaEffect[]): SendCommand[] {
  return effects.filter(
    (effect): effect is SendCommand => effect.type === 'send-command' && effect.compensation,
  );
}
