import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { NatsConnection, StoredMsg, connect } from 'nats';
import type { QueryContract } from '@app/contracts';
import { QueryResponder, STREAMS, ensureStreams } from '@app/messaging';
import { bootstrapService } from '@app/platform';
import { TestNatsServer, freePort, startNatsServer } from '@test/support';
import { gatewayBootstrap } from '../src/gateway.bootstrap';

export interface StartMessage {
  headers: Record<string, string>;
  payload: Record<string, unknown>;
}

export interface GatewayFixture {
  nats: TestNatsServer;
  /** The test's own connection: reads streams, plays the services behind the queries. */
  nc: NatsConnection;
  url: string;
  adminToken: string;
  /**
   * Plays the service answering `contract` until `stop()` or the end of the suite. Resolves once
   * the server holds the subscription, so a request sent next cannot find "no responders".
   */
  respond<P extends object, R extends object>(
    contract: QueryContract<P, R>,
    handle: (payload: P) => R | null,
  ): Promise<QueryResponder<P, R>>;
  startMessages(): Promise<StartMessage[]>;
  dispose(): Promise<void>;
}

/**
 * The gateway as `main.ts` starts it (same bootstrap, same module, same HTTP setup), on a free
 * port against a private JetStream server with the platform's streams; `env` adds or overrides
 * variables.
 */
export async function startGateway(env: NodeJS.ProcessEnv = {}): Promise<GatewayFixture> {
  const nats = await startNatsServer();
  const nc = await connect({ servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 200 });
  await ensureStreams(nc, { replicas: 1 });
  const port = await freePort();
  const adminToken = randomBytes(24).toString('hex');
  const app: INestApplication = await bootstrapService('gateway', {
    ...gatewayBootstrap,
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.GATEWAY_TEST_LOG_LEVEL ?? 'silent',
      NATS_URL: nats.url,
      GATEWAY_PORT: String(port),
      ADMIN_TOKEN: adminToken,
      ...env,
    },
  });
  const responders: Array<QueryResponder<object, object>> = [];

  return {
    nats,
    nc,
    url: `http://127.0.0.1:${port}`,
    adminToken,
    respond: async (contract, handle) => {
      const responder = new QueryResponder(nc, {
        contract,
        queue: 'test-responders',
        handle: async (payload) => handle(payload),
      });
      responders.push(responder as unknown as QueryResponder<object, object>);
      await nc.flush();
      return responder;
    },
    startMessages: () => readStream(nc, STREAMS.SAGA_STARTS.name),
    dispose: async () => {
      await app.close();
      await Promise.all(responders.map((responder) => responder.stop()));
      await nc.close();
      await nats.dispose();
    },
  };
}

async function readStream(nc: NatsConnection, stream: string): Promise<StartMessage[]> {
  const jsm = await nc.jetstreamManager();
  const { state } = await jsm.streams.info(stream);
  const messages: StartMessage[] = [];
  for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) {
    messages.push(toStartMessage(await jsm.streams.getMessage(stream, { seq })));
  }
  return messages;
}

function toStartMessage(message: StoredMsg): StartMessage {
  const headers: Record<string, string> = {};
  for (const [name, values] of message.header) headers[name] = values[0];
  return { headers, payload: message.json<Record<string, unknown>>() };
}
