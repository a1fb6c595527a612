import type { SagaSql } from '../saga-sql';

/** Sagas started and finished in one bucket of time. */
export interface SagaHistoryBucket {
  /** The bucket's start (ISO 8601, UTC); it spans `bucketSeconds` from there. */
  at: string;
  started: number;
  completed: number;
  compensated: number;
  failed: number;
}

export interface SagaHistory {
  bucketSeconds: number;
  /** Oldest first, empty buckets included; the last one holds now. */
  buckets: SagaHistoryBucket[];
}

export const HISTORY_BUCKET_SECONDS = 10;
/** 15 minutes. */
export const HISTORY_BUCKETS = 90;

/**
 * The statement behind `history`: buckets aligned on multiples of `bucketSeconds` since the
 * epoch (so two reads agree on their edges), counted from the saga rows through their indexes:
 * `created_at` for started, `updated_at` of a terminal saga for its outcome. Parameters:
 * $1 bucket seconds, $2 bucket count, $3 terminal statuses.
 */
export function sagaHistoryStatement(instances: string): string {
  const bucketOf = (column: string) =>
    `to_timestamp(floor(extract(epoch FROM ${column}) / $1::integer) * $1::integer)`;
  return `WITH bounds AS (
      SELECT ${bucketOf('now()')} - make_interval(secs => $1::integer * ($2::integer - 1)) AS "first"
    ), buckets AS (
      SELECT b."first" + make_interval(secs => $1::integer * g) AS "at" FROM bounds b, generate_series(0, $2::integer - 1) g
    ), started AS (
      SELECT ${bucketOf('i."created_at"')} AS "at", count(*)::int AS "started"
      FROM ${instances} i, bounds b WHERE i."created_at" >= b."first" GROUP BY 1
    ), ended AS (
      SELECT ${bucketOf('i."updated_at"')} AS "at",
        count(*) FILTER (WHERE i."status" = 'COMPLETED')::int AS "completed",
        count(*) FILTER (WHERE i."status" = 'COMPENSATED')::int AS "compensated",
        count(*) FILTER (WHERE i."status" = 'FAILED')::int AS "failed"
      FROM ${instances} i, bounds b
      WHERE i."status" = ANY($3::text[]) AND i."updated_at" >= b."first" GROUP BY 1
    )
    SELECT to_char(k."at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "at",
      COALESCE(s."started", 0) AS "started", COALESCE(e."completed", 0) AS "completed",
      COALESCE(e."compensated", 0) AS "compensated", COALESCE(e."failed", 0) AS "failed"
    FROM buckets k LEFT JOIN started s ON s."at" = k."at" LEFT JOIN ended e ON e."at" = k."at"
    ORDER BY k."at"`;
}

/** Reads the last `HISTORY_BUCKETS` buckets of `HISTORY_BUCKET_SECONDS`. */
export async function readSagaHistory(
  sql: SagaSql,
  instances: string,
  terminalStatuses: readonly string[],
): Promise<SagaHistory> {
  const buckets = await sql.rows<SagaHistoryBucket>({
    text: sagaHistoryStatement(instances),
    values: [HISTORY_BUCKET_SECONDS, HISTORY_BUCKETS, terminalStatuses],
  });
  return { bucketSeconds: HISTORY_BUCKET_SECONDS, buckets };
}
