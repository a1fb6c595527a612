import { SERVICE_SCHEMAS } from '@app/config';
import { qualifiedTable } from '@app/persistence';
import type { SagaSql } from '../saga-sql';
import { type SagaHistory, readSagaHistory } from './saga-history';

export interface SagaCountsRow {
  /** Statuses with no saga are missing. */
  by_status: Record<string, number>;
  running_by_step: Record<string, number>;
  started: number;
  finished: number;
}

/**
 * Saga counts for the admin stats. The rates come from the saga rows themselves: `created_at`
 * for started, `updated_at` of terminal sagas for finished (a terminal saga's row only moves
 * again when an operator resumes it), both through indexes.
 */
export class SagaCounts {
  private readonly instances: string;

  constructor(
    private readonly sql: SagaSql,
    schema: string = SERVICE_SCHEMAS.orchestrator,
  ) {
    this.instances = qualifiedTable(schema, 'saga_instance');
  }

  /** By status; the `active` ones by current step; started and `terminal` ones finished in the last minute — one round trip. */
  async now(active: readonly string[], terminal: readonly string[]): Promise<SagaCountsRow> {
    const [row] = await this.sql.rows<SagaCountsRow>({
      text: `SELECT
          (SELECT COALESCE(jsonb_object_agg("status", "count"), '{}'::jsonb)
             FROM (SELECT "status", count(*)::int AS "count" FROM ${this.instances} GROUP BY "status") s) AS "by_status",
          (SELECT COALESCE(jsonb_object_agg("current_step", "count"), '{}'::jsonb)
             FROM (SELECT "current_step", count(*)::int AS "count" FROM ${this.instances}
                   WHERE "status" = ANY($1::text[]) AND "current_step" IS NOT NULL GROUP BY "current_step") s) AS "running_by_step",
          (SELECT count(*)::int FROM ${this.instances} WHERE "created_at" > now() - interval '1 minute') AS "started",
          (SELECT count(*)::int FROM ${this.instances}
             WHERE "status" = ANY($2::text[]) AND "updated_at" > now() - interval '1 minute') AS "finished"`,
      values: [active, terminal],
    });
    return row;
  }

  /** Started sagas, and `terminal` ones by outcome, over the last 15 minutes (`readSagaHistory`). */
  history(terminal: readonly string[]): Promise<SagaHistory> {
    return readSagaHistory(this.sql, this.instances, terminal);
  }
}
