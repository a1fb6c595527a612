import { readFileSync } from 'node:fs';
import { ConnectionOptions, DebugEvents, Events, NatsConnection, connect, credsAuthenticator } from 'nats';
import type { NatsConfig } from '@app/config';
import { MessagingLogger, defaultLogger, logInfo } from './messaging-logger';

/** The client options for one named process connection: reconnect forever, wait for a server that is not up yet. */
export function natsConnectionOptions(config: NatsConfig, name: string): ConnectionOptions {
  return {
    servers: config.servers,
    name,
    maxReconnectAttempts: -1,
    waitOnFirstConnect: true,
    reconnectTimeWait: 1_000,
    // Otherwise every request (each JetStream publish) captures a stack trace up front, a
    // large share of the client's CPU under load; errors keep their messages.
    noAsyncTraces: true,
    ...(config.user !== undefined ? { user: config.user, pass: config.pass } : {}),
    ...(config.credsFile !== undefined
      ? { authenticator: credsAuthenticator(readConfigFile(config.credsFile, 'NATS creds file')) }
      : {}),
    ...(config.tlsCaFile !== undefined ? { tls: { caFile: config.tlsCaFile } } : {}),
  };
}

export async function connectNats(
  config: NatsConfig,
  name: string,
  logger: MessagingLogger = defaultLogger('NATS'),
): Promise<NatsConnection> {
  const connection = await connect(natsConnectionOptions(config, name));
  logInfo(logger, `NATS connection '${name}' established to ${connection.getServer()}`);
  void logStatusChanges(connection, name, logger);
  return connection;
}

/** Drains (in-flight messages and subscriptions finish) then closes; a closed connection is left alone. */
export async function closeNats(connection: NatsConnection): Promise<void> {
  if (connection.isClosed()) return;
  try {
    await connection.drain();
  } catch {
    // Already draining, or disconnected so that draining cannot complete: close outright.
    await connection.close();
  }
}

async function logStatusChanges(
  connection: NatsConnection,
  name: string,
  logger: MessagingLogger,
): Promise<void> {
  for await (const status of connection.status()) {
    const prefix = `NATS connection '${name}'`;
    switch (status.type) {
      case Events.Disconnect:
        logger.warn(`${prefix} lost ${String(status.data)}; reconnecting`);
        break;
      case Events.Reconnect:
        logInfo(logger, `${prefix} reconnected to ${String(status.data)}`);
        break;
      case Events.LDM:
        logger.warn(`${prefix}: server ${String(status.data)} entered lame duck mode`);
        break;
      case Events.Error:
        logger.error(`${prefix} error: ${String(status.data)}`);
        break;
      case DebugEvents.StaleConnection:
        logger.warn(`${prefix} is stale; reconnecting`);
        break;
      default:
        break;
    }
  }
}

function readConfigFile(path: string, what: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new Error(`cannot read ${what} '${path}': ${(error as Error).message}`);
  }
}
