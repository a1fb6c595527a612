import { NatsConfig, loadConfig } from '@app/config';
import { closeNats, connectNats, ensureStreams } from '@app/messaging';
import { runMain } from './lib/run-main';

/** Creates or updates the JetStream streams, idempotently. */
export async function provisionStreams(nats: NatsConfig = loadConfig('orchestrator').nats): Promise<void> {
  const connection = await connectNats(nats, 'provision-streams');
  try {
    await ensureStreams(connection, { replicas: nats.streamReplicas, log: (line) => console.log(line) });
  } finally {
    await closeNats(connection);
  }
}

if (require.main === module) runMain(() => provisionStreams(), 'Stream provisioning');
