import { Client } from 'pg';
import type { RunningPlatform } from './platform';

/**
 * The ids of every order-return saga the orchestrator holds for this return (its business key):
 * a replayed request must not have started a second one.
 */
export async function sagasOfReturn(platform: RunningPlatform, returnId: string): Promise<string[]> {
  const client = new Client({ connectionString: platform.database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      `SELECT "id" FROM "orchestrator"."saga_instance" WHERE "type" = 'order-return' AND "business_key" = $1`,
      [returnId],
    );
    return rows.map((row) => row.id);
  } finally {
    await client.end();
  }
}
