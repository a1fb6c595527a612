import type { NatsConnection } from 'nats';

/** Resolves when the connection is up and the JetStream API answers within `timeoutMs`; throws saying why not. */
export async function checkJetStream(connection: NatsConnection, timeoutMs = 2_000): Promise<void> {
  if (connection.isClosed()) throw new Error('NATS connection is closed');
  const jsm = await connection.jetstreamManager({ timeout: timeoutMs, checkAPI: false });
  try {
    await jsm.getAccountInfo();
  } catch (error) {
    throw new Error(`JetStream does not answer: ${(error as Error).message}`);
  }
}
