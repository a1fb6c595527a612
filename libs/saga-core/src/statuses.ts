/** Lifecycle of a saga instance (DESIGN "Saga model"). */
export type SagaStatus = 'RUNNING' | 'COMPENSATING' | 'COMPLETED' | 'COMPENSATED' | 'FAILED';

/** The statuses in which a saga sends nothing until an operator acts (or never again). */
export type TerminalSagaStatus = Extract<SagaStatus, 'COMPLETED' | 'COMPENSATED' | 'FAILED'>;

export type StepStatus =
  | 'PENDING'
  | 'RUNNING'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'COMPENSATING'
  | 'COMPENSATED'
  | 'COMPENSATION_FAILED'
  | 'SKIPPED';

/**
 * - `compensatable`: undone by its compensation when a later step fails.
 * - `pivot`: the go/no-go step; once it succeeds the saga can only move forward.
 * - `retriable`: after the pivot; retried until it succeeds, never compensated.
 */
export type StepKind = 'compensatable' | 'pivot' | 'retriable';

export function isTerminal(status: SagaStatus): status is TerminalSagaStatus {
  return status === 'COMPLETED' || status === 'COMPENSATED' || status === 'FAILED';
}
