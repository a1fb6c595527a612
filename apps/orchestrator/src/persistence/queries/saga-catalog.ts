import { SERVICE_SCHEMAS } from '@app/config';
import { qualifiedTable } from '@app/persistence';
import type { SagaStatus } from '@app/saga-core';
import type { SagaSql } from '../saga-sql';
import { stepNeedsAttentionSql } from './step-attention-sql';

/** Where a page of the saga list ends: the last saga's creation time (to the microsecond) and id. */
export interface SagaListPosition {
  /** UTC, microsecond precision, as PostgreSQL stores it: `2025-01-31T12:00:00.123456Z`. */
  createdAt: string;
  sagaId: string;
}

export interface SagaListQuery {
  status?: SagaStatus;
  type?: string;
  /** Exact match on what the saga is known by outside (an order-fulfillment saga's order id). */
  businessKey?: string;
  /** Only sagas created at or after this instant. */
  createdAfter?: Date;
  /** Only sagas last changed before this instant. */
  updatedBefore?: Date;
  /** Only sagas whose current step needs attention (`true`), or only the others (`false`). */
  needsAttention?: boolean;
  limit: number;
  /** The page starts after this saga. */
  after?: SagaListPosition;
}

export interface SagaListItem {
  sagaId: string;
  type: string;
  status: SagaStatus;
  currentStep: string | null;
  /** Null for sagas whose type declares none. */
  businessKey: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface SagaListSlice {
  items: SagaListItem[];
  /** Where the next page starts; null when this one is the last. */
  next: SagaListPosition | null;
}

interface ListRow extends SagaListItem {
  createdAtKey: string;
}

/**
 * The saga list, newest first, paged by keyset on (created_at, id) — the order of the
 * `saga_instance_keyset` index — so a page costs the same wherever it is and sagas started
 * meanwhile neither shift nor repeat the pages after the first.
 */
export class SagaCatalog {
  private readonly instances: string;
  private readonly steps: string;

  constructor(
    private readonly sql: SagaSql,
    private readonly attentionAfterAttempts: number,
    schema: string = SERVICE_SCHEMAS.orchestrator,
  ) {
    this.instances = qualifiedTable(schema, 'saga_instance');
    this.steps = qualifiedTable(schema, 'saga_step');
  }

  async list(query: SagaListQuery): Promise<SagaListSlice> {
    const values: unknown[] = [];
    const conditions: string[] = [];
    const param = (value: unknown) => `$${values.push(value)}`;
    if (query.status !== undefined) conditions.push(`"status" = ${param(query.status)}`);
    if (query.type !== undefined) conditions.push(`"type" = ${param(query.type)}`);
    if (query.businessKey !== undefined) conditions.push(`"business_key" = ${param(query.businessKey)}`);
    if (query.createdAfter !== undefined)
      conditions.push(`"created_at" >= ${param(query.createdAfter.toISOString())}::timestamptz`);
    if (query.updatedBefore !== undefined)
      conditions.push(`"updated_at" < ${param(query.updatedBefore.toISOString())}::timestamptz`);
    if (query.needsAttention !== undefined) {
      const attention = `EXISTS (SELECT 1 FROM ${this.steps} st
        WHERE st."saga_id" = i."id" AND st."name" = i."current_step"
          AND ${stepNeedsAttentionSql('i', 'st', param(this.attentionAfterAttempts))})`;
      conditions.push(query.needsAttention ? attention : `NOT ${attention}`);
    }
    if (query.after !== undefined) {
      conditions.push(
        `("created_at", "id") < (${param(query.after.createdAt)}::timestamptz, ${param(query.after.sagaId)}::uuid)`,
      );
    }
    const rows = await this.sql.rows<ListRow>({
      text: `SELECT "id" AS "sagaId", "type", "status", "current_step" AS "currentStep",
               "business_key" AS "businessKey", "created_at" AS "createdAt", "updated_at" AS "updatedAt",
               to_char("created_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "createdAtKey"
             FROM ${this.instances} i
             ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
             ORDER BY "created_at" DESC, "id" DESC
             LIMIT ${param(query.limit + 1)}`,
      values,
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map(({ createdAtKey: _key, ...item }) => item),
      next: rows.length > query.limit && last ? { createdAt: last.createdAtKey, sagaId: last.sagaId } : null,
    };
  }
}
