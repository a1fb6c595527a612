import { Client } from 'pg';
import { pollUntil } from '@test/support';
import type { RunningPlatform } from './platform';

// What only the orchestrator's records show of the order-return sagas (business key: the return id).

/** The ids of every order-return saga of this return: a replayed request must not start a second. */
export async function sagasOfReturn(platform: RunningPlatform, returnId: string): Promise<string[]> {
  const rows = await query<{ id: string }>(
    platform,
    `SELECT "id" FROM "orchestrator"."saga_instance" WHERE "type" = 'order-return' AND "business_key" = $1`,
    [returnId],
  );
  return rows.map((row) => row.id);
}

/**
 * How many of these returns' sagas have not ended: whether a fault caught returns in flight, read
 * here because the gateway cannot show a return while the order service is down.
 */
export async function unfinishedReturnSagas(
  platform: RunningPlatform,
  returnIds: readonly string[],
): Promise<number> {
  const [row] = await query<{ count: string }>(
    platform,
    `SELECT count(*) AS "count" FROM "orchestrator"."saga_instance"
      WHERE "type" = 'order-return' AND "business_key" = ANY($1::text[])
        AND "status" NOT IN ('COMPLETED', 'COMPENSATED', 'FAILED')`,
    [returnIds],
  );
  return Number(row.count);
}

/**
 * Waits until one of these returns' sagas runs one of `steps` (its command sent, no answer applied
 * yet): the moment to kill the service those commands go to. Polled often, as steps are short.
 */
export async function waitForReturnSagaAt(
  platform: RunningPlatform,
  returnIds: readonly string[],
  steps: readonly string[],
): Promise<void> {
  await pollUntil(
    async () => {
      const [row] = await query<{ count: string }>(
        platform,
        `SELECT count(*) AS "count" FROM "orchestrator"."saga_instance"
          WHERE "type" = 'order-return' AND "business_key" = ANY($1::text[])
            AND "status" = 'RUNNING' AND "current_step" = ANY($2::text[])`,
        [returnIds, steps],
      );
      return Number(row.count) > 0;
    },
    { timeoutMs: 30_000, intervalMs: 10 },
    `a return's saga to run ${steps.join(' or ')}`,
  );
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

/**
 * Which of these sagas saw `step` time out: a compensatable step that times out is compensated
 * (DESIGN "Saga model"), so a return whose request timed out, say because the order service was
 * killed holding it, is rejected; that is its outcome, not a lost one.
 */
export async function sagasTimedOutAt(
  platform: RunningPlatform,
  sagaIds: readonly string[],
  step: string,
): Promise<Set<string>> {
  const rows = await query<{ saga_id: string }>(
    platform,
    `SELECT DISTINCT "saga_id" FROM "orchestrator"."saga_timeline"
      WHERE "saga_id" = ANY($1::uuid[]) AND "kind" = 'timeout' AND "step" = $2`,
    [sagaIds, step],
  );
  return new Set(rows.map((row) => row.saga_id));
}
