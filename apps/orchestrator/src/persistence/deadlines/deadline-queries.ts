import { SERVICE_SCHEMAS } from '@app/config';
import { qualifiedTable } from '@app/persistence';
import type { SagaSql } from '../saga-sql';

/** The statements of firing due deadlines, besides the saga store's load and save. */
export class DeadlineQueries {
  private readonly instances: string;
  private readonly outbox: string;
  private readonly anyDueName: string;

  constructor(
    private readonly sql: SagaSql,
    schema: string = SERVICE_SCHEMAS.orchestrator,
  ) {
    this.instances = qualifiedTable(schema, 'saga_instance');
    this.outbox = qualifiedTable(schema, 'outbox');
    this.anyDueName = `saga-deadlines-any-due:${schema}`;
  }

  /**
   * Whether `claimDue` would find a saga at all (one another transaction holds included): one
   * plain statement, so that a pass finding nothing due, the usual one, opens no transaction.
   * Ordered by the deadline like the claim, so PostgreSQL walks the deadline index: written as
   * EXISTS, the planner expects an early match and scans the whole table, which with nothing due
   * read every saga row five times a second.
   */
  async anyDue(now: Date, repliesHandledBefore: Date): Promise<boolean> {
    const rows = await this.sql.rows<{ due: number }>({
      name: this.anyDueName,
      text: `SELECT 1 AS "due" FROM ${this.instances} WHERE "next_deadline_at" <= $1
         AND ("deadline_reason" = 'retry-backoff' OR "next_deadline_at" <= $2)
       ORDER BY "next_deadline_at" LIMIT 1`,
      values: [now, repliesHandledBefore],
    });
    return rows.length > 0;
  }

  /**
   * Locks up to `limit` sagas whose deadline is at or before `now`, skipping those another
   * transaction holds, so any number of schedulers share the due sagas without waiting. Reply
   * timeouts and delivery checks are claimed only up to `repliesHandledBefore`: one due later
   * could still have its reply waiting in the stream. Only meaningful inside a transaction.
   */
  async claimDue(now: Date, repliesHandledBefore: Date, limit: number): Promise<string[]> {
    const rows = await this.sql.rows<{ id: string }>({
      text: `SELECT "id" FROM ${this.instances} WHERE "next_deadline_at" <= $1
         AND ("deadline_reason" = 'retry-backoff' OR "next_deadline_at" <= $2)
       ORDER BY "next_deadline_at" LIMIT $3 FOR UPDATE SKIP LOCKED`,
      values: [now, repliesHandledBefore, limit],
    });
    return rows.map((row) => row.id);
  }

  /** Those of `commandIds` still in the outbox: not published yet, so certainly not delivered. */
  async unpublished(commandIds: readonly string[]): Promise<Set<string>> {
    if (commandIds.length === 0) return new Set();
    const rows = await this.sql.rows<{ id: string }>({
      text: `SELECT "id"::text AS "id" FROM ${this.outbox} WHERE "id" = ANY($1::uuid[])`,
      values: [commandIds],
    });
    return new Set(rows.map((row) => row.id));
  }

  /** Moves a deadline whose handling failed, so that one saga cannot keep a scheduler busy. */
  async postpone(sagaId: string, at: Date): Promise<void> {
    await this.sql.rows({
      text: `UPDATE ${this.instances} SET "next_deadline_at" = $2, "row_version" = "row_version" + 1
       WHERE "id" = $1 AND "next_deadline_at" IS NOT NULL`,
      values: [sagaId, at],
    });
  }
}
