import { SagaStatus } from '@app/contracts';

/** The statuses a saga ends in; FAILED waits for an operator but changes no more on its own. */
export type TerminalSagaStatus =
  typeof SagaStatus.COMPLETED | typeof SagaStatus.COMPENSATED | typeof SagaStatus.FAILED;

const TERMINAL: ReadonlySet<string> = new Set([
  SagaStatus.COMPLETED,
  SagaStatus.COMPENSATED,
  SagaStatus.FAILED,
]);

export function isTerminalSagaStatus(status: string | undefined): status is TerminalSagaStatus {
  return status !== undefined && TERMINAL.has(status);
}
