import { type SagaStatus, isTerminal } from '@app/saga-core';
import type { SagaCounts } from '../../persistence/queries/saga-counts';
import type { SagaHistory } from '../../persistence/queries/saga-history';
import type { StepsNeedingAttention } from '../../persistence/queries/steps-needing-attention';
import { ACTIVE_SAGA_STATUSES, SAGA_STATUSES } from '../sagas/saga-statuses';

export interface SagaStats {
  /** Every status, zero included. */
  byStatus: Record<SagaStatus, number>;
  /** Sagas still moving (RUNNING or COMPENSATING), by the step they are at. */
  runningByStep: Record<string, number>;
  /** Sagas started, and sagas that reached a terminal status, in the last 60 seconds. */
  ratesPerMinute: { started: number; finished: number };
  /** Running sagas whose current step keeps failing (`attention` on the saga), by that step. */
  needingAttentionByStep: Record<string, number>;
  /** Started and finished sagas by outcome over the last 15 minutes, in 10-second buckets. */
  history: SagaHistory;
}

const TERMINAL_STATUSES = SAGA_STATUSES.filter(isTerminal);

/** The admin stats: the database's counts, read in parallel, shaped for the API. */
export class SagaStatsReader {
  constructor(
    private readonly counts: SagaCounts,
    private readonly attention: StepsNeedingAttention,
  ) {}

  async read(): Promise<SagaStats> {
    const [row, needingAttention, history] = await Promise.all([
      this.counts.now(ACTIVE_SAGA_STATUSES, TERMINAL_STATUSES),
      this.attention.count(),
      this.counts.history(TERMINAL_STATUSES),
    ]);
    const byStatus = Object.fromEntries(
      SAGA_STATUSES.map((status) => [status, row.by_status[status] ?? 0]),
    ) as Record<SagaStatus, number>;
    const needingAttentionByStep: Record<string, number> = {};
    for (const { step, count } of needingAttention) {
      needingAttentionByStep[step] = (needingAttentionByStep[step] ?? 0) + count;
    }
    return {
      byStatus,
      runningByStep: row.running_by_step,
      ratesPerMinute: { started: row.started, finished: row.finished },
      needingAttentionByStep,
      history,
    };
  }
}
