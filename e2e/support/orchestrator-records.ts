import { Client } from 'pg';
import type { RunningPlatform } from './platform';

// What only the orchestrator's own records show (the gateway's view has no timeline).

export interface TimelineEntry {
  kind: string;
  step: string | null;
  detail: Record<string, unknown>;
}

/** One saga's timeline, oldest first. */
export function sagaTimeline(platform: RunningPlatform, sagaId: string): Promise<TimelineEntry[]> {
  return query<TimelineEntry>(
    platform,
    `SELECT "kind", "step", "detail" FROM "orchestrator"."saga_timeline" WHERE "saga_id" = $1 ORDER BY "seq"`,
    [sagaId],
  );
}

/** The ids of every saga started with this `Idempotency-Key`. */
export async function sagasStartedWithKey(
  platform: RunningPlatform,
  idempotencyKey: string,
): Promise<string[]> {
  const rows = await query<{ id: string }>(
    platform,
    `SELECT "id" FROM "orchestrator"."saga_instance" WHERE "idempotency_key" = $1`,
    [idempotencyKey],
  );
  return rows.map((row) => row.id);
}

async function query<T extends object>(
  platform: RunningPlatform,
  sql: string,
  values: unknown[],
): Promise<T[]> {
  const client = new Client({ connectionString: platform.database.url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}
