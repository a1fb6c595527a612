import type { PruneJob } from '@app/persistence';
import type { TerminalSagaStatus } from '@app/saga-core';
import { finishedSagasBatch } from '../persistence/queries/finished-sagas';

/**
 * Sagas that ended and need nothing more. FAILED sagas (a compensation that could not finish)
 * are kept until an operator has dealt with them: they are the evidence.
 */
export const PRUNED_STATUSES: readonly TerminalSagaStatus[] = ['COMPLETED', 'COMPENSATED'];

export function finishedSagasJob(schema: string, retentionMs: number): PruneJob {
  return {
    name: `${schema}.saga_instance (finished)`,
    retentionMs,
    batch: (olderThan) => finishedSagasBatch(schema, olderThan, PRUNED_STATUSES),
  };
}
