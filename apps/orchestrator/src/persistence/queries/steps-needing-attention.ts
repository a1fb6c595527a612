import { SERVICE_SCHEMAS } from '@app/config';
import { qualifiedTable } from '@app/persistence';
import type { SagaSql } from '../saga-sql';
import { stepNeedsAttentionSql } from './step-attention-sql';

export interface StepsNeedingAttentionCount {
  type: string;
  step: string;
  count: number;
}

/** Counts the running sagas whose current step needs attention (`stepNeedsAttentionSql`), by saga type and step. */
export class StepsNeedingAttention {
  private readonly statement: string;

  constructor(
    private readonly sql: SagaSql,
    private readonly afterAttempts: number,
    schema: string = SERVICE_SCHEMAS.orchestrator,
  ) {
    // Only RUNNING sagas are joined to their current step: the status index keeps this cheap
    // however many finished sagas the table holds.
    this.statement = `SELECT i."type", i."current_step" AS "step", count(*)::int AS "count"
      FROM ${qualifiedTable(schema, 'saga_instance')} i
      JOIN ${qualifiedTable(schema, 'saga_step')} st ON st."saga_id" = i."id" AND st."name" = i."current_step"
      WHERE ${stepNeedsAttentionSql('i', 'st', '$1')}
      GROUP BY i."type", i."current_step"
      ORDER BY i."type", i."current_step"`;
  }

  count(): Promise<StepsNeedingAttentionCount[]> {
    return this.sql.rows<StepsNeedingAttentionCount>({ text: this.statement, values: [this.afterAttempts] });
  }
}
