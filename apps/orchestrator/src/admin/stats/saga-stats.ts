import { SERVICE_SCHEMAS } from '@app/config';
import { qualifiedTable } from '@app/persistence';
import { type SagaStatus, isTerminal } from '@app/saga-core';
import type { SagaSql } from '../../persistence/saga-sql';
import { ACTIVE_SAGA_STATUSES, SAGA_STATUSES } from '../sagas/saga-statuses';
import { type SagaHistory, readSagaHistory } from './saga-history';
import type { StepsNeedingAttention } from './steps-needing-attention';

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

interface StatsRow {
  by_status: Record<string, number>;
  running_by_step: Record<string, number>;
  started: number;
  finished: number;
}

const TERMINAL_STATUSES = SAGA_STATUSES.filter(isTerminal);

/**
 * Saga counts in one round trip. The rates come from the saga rows themselves: `created_at`
 * for started, `updated_at` of terminal sagas for finished (a terminal saga's row only moves
 * again when an operator resumes it), both through indexes.
 */
export class SagaStatsReader {
  private readonly instances: string;

  constructor(
    private readonly sql: SagaSql,
    private readonly attention: StepsNeedingAttention,
    schema: string = SERVICE_SCHEMAS.orchestrator,
  ) {
    this.instances = qualifiedTable(schema, 'saga_instance');
  }

  async read(): Promise<SagaStats> {
    const [[row], needingAttention, history] = await Promise.all([
      this.counts(),
      this.attention.count(),
      readSagaHistory(this.sql, this.instances, TERMINAL_STATUSES),
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

  private counts(): Promise<StatsRow[]> {
    return this.sql.rows<StatsRow>({
      text: `SELECT
          (SELECT COALESCE(jsonb_object_agg("status", "count"), '{}'::jsonb)
             FROM (SELECT "status", count(*)::int AS "count" FROM ${this.instances} GROUP BY "status") s) AS "by_status",
          (SELECT COALESCE(jsonb_object_agg("current_step", "count"), '{}'::jsonb)
             FROM (SELECT "current_step", count(*)::int AS "count" FROM ${this.instances}
                   WHERE "status" = ANY($1::text[]) AND "current_step" IS NOT NULL GROUP BY "current_step") s) AS "running_by_step",
          (SELECT count(*)::int FROM ${this.instances} WHERE "created_at" > now() - interval '1 minute') AS "started",
          (SELECT count(*)::int FROM ${this.instances}
             WHERE "status" = ANY($2::text[]) AND "updated_at" > now() - interval '1 minute') AS "finished"`,
      values: [ACTIVE_SAGA_STATUSES, TERMINAL_STATUSES],
    });
  }
}
