import { SERVICE_SCHEMAS } from '@app/config';
import { qualifiedTable } from '@app/persistence';
import type { SagaSql } from '../saga-sql';

export interface SagaSummaryRow {
  sagaId: string;
  status: string;
  currentStep: string | null;
}

export interface TimelineRow {
  seq: number;
  at: Date;
  kind: string;
  step: string | null;
  detail: Record<string, unknown>;
}

/**
 * What the runtime reads of a saga besides its state (which `PgSagaStore.load` reads): its
 * timeline and the saga of a business key. Give it a transaction's client to read in its snapshot.
 */
export class SagaQueries {
  private readonly instances: string;
  private readonly timelineTable: string;

  constructor(
    private readonly sql: SagaSql,
    schema: string = SERVICE_SCHEMAS.orchestrator,
  ) {
    this.instances = qualifiedTable(schema, 'saga_instance');
    this.timelineTable = qualifiedTable(schema, 'saga_timeline');
  }

  /** The saga's timeline, oldest entry first. */
  timeline(sagaId: string): Promise<TimelineRow[]> {
    return this.sql.rows<TimelineRow>({
      text: `SELECT "seq", "at", "kind", "step", "detail" FROM ${this.timelineTable} WHERE "saga_id" = $1 ORDER BY "seq"`,
      values: [sagaId],
    });
  }

  /**
   * The newest saga of `type` started for `businessKey`, if any. A business key names sagas of
   * one type only: an order id is the key of its order-fulfillment saga, and a saga of another
   * type about the same order keys on something else (a return id).
   */
  async summaryByBusinessKey(type: string, businessKey: string): Promise<SagaSummaryRow | undefined> {
    const [row] = await this.sql.rows<SagaSummaryRow>({
      text: `SELECT "id" AS "sagaId", "status", "current_step" AS "currentStep" FROM ${this.instances}
       WHERE "business_key" = $1 AND "type" = $2 ORDER BY "created_at" DESC, "id" DESC LIMIT 1`,
      values: [businessKey, type],
    });
    return row;
  }
}
