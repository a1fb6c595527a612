import { Client } from 'pg';
import type { RunningPlatform } from './platform';

/**
 * How many of these orders' sagas last changed after `instant`: placed before a fault and
 * finished after it, they were caught in flight. A fault test asserts some were, or it proved
 * nothing.
 */
export async function sagasChangedAfter(
  platform: RunningPlatform,
  orderIds: readonly string[],
  instant: Date,
): Promise<number> {
  const client = new Client({ connectionString: platform.database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>(
      `SELECT count(*) AS "count" FROM "orchestrator"."saga_instance" WHERE "type" = 'order-fulfillment' AND "business_key" = ANY($1::text[]) AND "updated_at" > $2`,
      [orderIds, instant],
    );
    return Number(rows[0].count);
  } finally {
    await client.end();
  }
}
