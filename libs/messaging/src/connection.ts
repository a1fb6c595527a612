import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import {
  ConnectionOptions,
  DebugEvents,
  Events,
  NatsConnection,
  TlsOptions,
  connect,
  credsAuthenticator,
} from 'nats';
import type { NatsConfig } from '@app/config';
import { coalesceWrites } from './coalesced-writes';
import { describeConnectFailure, isPermanentConnectFailure } from './connect-failure';
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
    ...(config.token !== undefined ? { token: config.token } : {}),
    ...(config.credsFile !== undefined
      ? { authenticator: credsAuthenticator(readConfigFile(config.credsFile, 'NATS creds file')) }
      : {}),
    ...tlsOptions(config),
  };
}

/** TLS with the given CA and, for mutual TLS, the client certificate; none when nothing is set. */
function tlsOptions(config: NatsConfig): Pick<ConnectionOptions, 'tls'> {
  const tls: TlsOptions = {
    ...(config.tlsCaFile !== undefined ? { caFile: config.tlsCaFile } : {}),
    ...(config.tlsCertFile !== undefined ? { certFile: config.tlsCertFile, keyFile: config.tlsKeyFile } : {}),
  };
  return Object.keys(tls).length > 0 ? { tls } : {};
}

export async function connectNats(
  config: NatsConfig,
  name: string,
  logger: MessagingLogger = defaultLogger('NATS'),
): Promise<NatsConnection> {
  const connection = await connectWhenReachable(config, natsConnectionOptions(config, name), logger);
  if (!coalesceWrites(connection))
    logger.warn(`NATS connection '${name}': writes not coalesced (unknown client)`);
  logInfo(logger, `NATS connection '${name}' established to ${connection.getServer()}`);
  void logStatusChanges(connection, name, logger);
  return connection;
}

/**
 * Waits for a server that is not up yet, as `waitOnFirstConnect` would, but gives up at once on
 * refused credentials or a failed TLS handshake, which the client would otherwise retry forever.
 */
async function connectWhenReachable(
  config: NatsConfig,
  options: ConnectionOptions,
  logger: MessagingLogger,
): Promise<NatsConnection> {
  let lastReason: string | undefined;
  for (;;) {
    try {
      return await connect({ ...options, waitOnFirstConnect: false });
    } catch (error) {
      if (isPermanentConnectFailure(error)) throw describeConnectFailure(config, error);
      const reason = describeConnectFailure(config, error).message;
      if (reason !== lastReason) logger.warn(`${reason}; retrying`);
      lastReason = reason;
      await delay(options.reconnectTimeWait ?? 1_000);
    }
  }
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

/** Whether a NATS connection is up right now. */
export interface ConnectionState {
  isConnected(): boolean;
}

/**
 * Follows the connection's status events: down from a disconnect until the reconnect, and for
 * good once the connection is closed. While the client reconnects, a request or publish waits in
 * its reconnect buffer until its timeout and may still go out after the reconnect; callers that
 * answer someone (an HTTP request, a readiness probe) look here first and answer "unavailable"
 * at once instead.
 */
export function followConnectionState(
  connection: Pick<NatsConnection, 'isClosed' | 'status'>,
): ConnectionState {
  let connected = !connection.isClosed();
  void (async () => {
    for await (const status of connection.status()) {
      if (status.type === Events.Disconnect) connected = false;
      else if (status.type === Events.Reconnect) connected = true;
    }
    connected = false; // the iteration ends when the connection is closed
  })();
  return { isConnected: () => connected };
}

/**
 * Calls `listener` each time the connection is re-established after a loss: core-NATS messages
 * published meanwhile never reached its subscriptions. Ends when the connection closes.
 */
export async function onReconnect(connection: NatsConnection, listener: () => void): Promise<void> {
  for await (const status of connection.status()) {
    if (status.type === Events.Reconnect) listener();
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
