import type { Pool, PoolClient } from 'pg';

/**
 * Runs `work` in one transaction on a connection of `pool`: `begin`, then `work`, then COMMIT;
 * ROLLBACK on any error. `begin` may carry more statements after its BEGIN (one round trip
 * fewer); `work` gets what they returned. A connection that fails meanwhile or cannot roll back
 * goes back to the pool as broken, so the pool discards it instead of lending it out again
 * inside an aborted transaction; its error is listened to, because a checked-out pg client has
 * no listener and a session ended mid-transaction would otherwise crash the process.
 */
export async function inTransaction<T, Opened = unknown>(
  pool: Pool,
  work: (client: PoolClient, opened: Opened) => Promise<T>,
  begin = 'BEGIN',
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onConnectionError = (error: Error) => (broken = error);
  client.on('error', onConnectionError);
  try {
    const opened = (await client.query(begin)) as unknown as Opened;
    const result = await work(client, opened);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    broken ??= await rollback(client);
    throw error;
  } finally {
    client.off('error', onConnectionError);
    client.release(broken);
  }
}

/** Rolls back; returns the error if the connection is unusable, so the pool discards it. */
async function rollback(client: PoolClient): Promise<Error | undefined> {
  try {
    await client.query('ROLLBACK');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}
