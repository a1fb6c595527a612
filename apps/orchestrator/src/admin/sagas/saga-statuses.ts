import type { SagaStatus } from '@app/saga-core';

/** Every saga status, in lifecycle order (DESIGN "Saga model"). */
export const SAGA_STATUSES = [
  'RUNNING',
  'COMPENSATING',
  'COMPLETED',
  'COMPENSATED',
  'FAILED',
] as const satisfies readonly SagaStatus[];

/** Statuses of sagas still moving on their own. */
export const ACTIVE_SAGA_STATUSES = ['RUNNING', 'COMPENSATING'] as const satisfies readonly SagaStatus[];
