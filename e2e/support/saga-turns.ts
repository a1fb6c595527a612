import { Client } from 'pg';
import type { RunningPlatform } from './platform';

/**
 * The entries of a saga's timeline that can turn it from its course (timeouts, delivery checks,
 * failures, compensation), with their times: what a fault test prints for a saga that went
 * another way than expected.
 */
export async function sagaTurns(platform: RunningPlatform, sagaId: string): Promise<string[]> {
  const client = new Client({ connectionString: platform.database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ at: Date; kind: string; step: string | null; detail: unknown }>(
      `SELECT "at", "kind", "step", "detail" FROM "orchestrator"."saga_timeline"
       WHERE "saga_id" = $1 AND "kind" ~ '(timeout|queued|delivered|failed|compensation-started)' ORDER BY "seq"`,
      [sagaId],
    );
    return rows.map(
      (row) => `${row.at.toISOString()} ${row.kind} ${row.step ?? ''} ${JSON.stringify(row.detail)}`,
    );
  } finally {
    await client.end();
  }
}
