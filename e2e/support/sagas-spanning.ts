import { Client } from 'pg';
import type { RunningPlatform } from './platform';

/**
 * How many sagas started before `from` and last changed after `to`: the ones a fault between the
 * two instants caught in flight. A fault test asserts some were, or it proved nothing.
 */
export async function sagasSpanning(platform: RunningPlatform, from: Date, to: Date): Promise<number> {
  const client = new Client({ connectionString: platform.database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>(
      `SELECT count(*) AS "count" FROM "orchestrator"."saga_instance" WHERE "created_at" < $1 AND "updated_at" > $2`,
      [from, to],
    );
    return Number(rows[0].count);
  } finally {
    await client.end();
  }
}
