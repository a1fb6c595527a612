import { connect } from 'nats';
import type { RunningPlatform } from './platform';

/**
 * How many messages `SAGA_DLQ` holds, read from the platform's NATS (a cluster's comma list of
 * URLs works too). Nothing a fault did should end there: only a message that is itself bad does.
 */
export async function deadLetterCount(platform: RunningPlatform): Promise<number> {
  const connection = await connect({ servers: platform.nats.url.split(',') });
  try {
    const manager = await connection.jetstreamManager();
    return (await manager.streams.info('SAGA_DLQ')).state.messages;
  } finally {
    await connection.close();
  }
}
