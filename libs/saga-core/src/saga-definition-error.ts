export type SagaDefinitionRule =
  | 'invalid-identity'
  | 'empty-saga'
  | 'duplicate-step'
  | 'missing-invoke'
  | 'multiple-pivots'
  | 'compensation-at-or-after-pivot'
  | 'retriable-before-pivot'
  | 'non-retriable-after-pivot'
  | 'compensation-needs-reply-handler'
  | 'invalid-timeout'
  | 'missing-timeout'
  | 'invalid-deadline'
  | 'invalid-retry-policy';

export interface SagaDefinitionViolation {
  /** The offending step, or null for a rule about the whole saga. */
  readonly step: string | null;
  readonly rule: SagaDefinitionRule;
  readonly message: string;
}

/** Thrown by `build()`; lists every violation, each naming the saga, the step and the rule. */
export class SagaDefinitionError extends Error {
  constructor(
    readonly sagaType: string,
    readonly sagaVersion: number,
    readonly violations: readonly SagaDefinitionViolation[],
  ) {
    super(
      [
        `Invalid saga definition '${sagaType}' v${sagaVersion}:`,
        ...violations.map(
          (v) => `  - ${v.step === null ? 'saga' : `step '${v.step}'`}: ${v.message} (rule: ${v.rule})`,
        ),
      ].join('\n'),
    );
    this.name = 'SagaDefinitionError';
  }
}
