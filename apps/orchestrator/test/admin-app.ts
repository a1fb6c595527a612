import { randomBytes, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import request from 'supertest';
import { StartOrderFulfillment, type StartOrderFulfillmentPayload } from '@app/contracts';
import { JetStreamPublisher, closeNats, connectNats } from '@app/messaging';
import { bootstrapService } from '@app/platform';
import {
  StubParticipants,
  StubScript,
  TestDatabase,
  TestNatsServer,
  createTestDatabase,
  freePort,
  pollUntil,
  startNatsServer,
  startStubParticipants,
} from '@test/support';
import { orchestratorBootstrap } from '../src/orchestrator.bootstrap';
import type { OrchestratorSettings } from '../src/orchestrator-settings';
import { sampleStartPayload } from './orchestrator-harness';

export interface AdminApp {
  nats: TestNatsServer;
  db: TestDatabase;
  /** The test's own connection, to publish starts and stray messages. */
  connection: NatsConnection;
  publisher: JetStreamPublisher;
  stubs: StubParticipants;
  /** Scripts by order id; orders without one succeed at every step. */
  scripts: Map<string, StubScript>;
  token: string;
  /** supertest against the app's port. */
  http(): ReturnType<typeof request>;
  /** Publishes a start message for a new saga whose participants follow `script`. */
  startSaga(
    script?: StubScript,
    overrides?: Partial<StartOrderFulfillmentPayload>,
  ): Promise<StartOrderFulfillmentPayload>;
  /** Polls `GET /admin/sagas/{sagaId}` until `accept` holds for its body. */
  waitForSaga(sagaId: string, accept: (saga: SagaBody) => boolean, what: string): Promise<SagaBody>;
  stop(): Promise<void>;
}

export interface SagaBody {
  sagaId: string;
  status: string;
  currentStep: string;
  steps: Array<{ name: string; kind: string; status: string; attempts: number }>;
  timeline: Array<{
    seq: number;
    at: string;
    kind: string;
    step: string | null;
    detail: Record<string, unknown>;
  }>;
  _links: Record<string, { href: string; method?: string }>;
  [field: string]: unknown;
}

const silent = { warn: () => undefined, error: () => undefined, log: () => undefined };

/**
 * The orchestrator as `main.ts` starts it (same bootstrap, module and HTTP setup) on a free
 * port, against a private nats-server and database, with scripted stub participants.
 */
export async function startAdminApp(prefix: string, settings: OrchestratorSettings): Promise<AdminApp> {
  const nats = await startNatsServer();
  const db = await createTestDatabase(prefix);
  const port = await freePort();
  const token = randomBytes(24).toString('hex');
  const app: INestApplication = await bootstrapService('orchestrator', {
    ...orchestratorBootstrap(settings),
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.ORCHESTRATOR_TEST_LOG_LEVEL ?? 'silent',
      NATS_URL: nats.url,
      ORCHESTRATOR_DATABASE_URL: db.url,
      ORCHESTRATOR_PORT: String(port),
      ADMIN_TOKEN: token,
    },
  });
  const connection = await connectNats({ servers: [nats.url], streamReplicas: 1 }, 'admin-test', silent);
  const publisher = new JetStreamPublisher(connection);
  const scripts = new Map<string, StubScript>();
  const stubs = await startStubParticipants(nats.url, (command) => {
    const script = scripts.get(String(command.payload.orderId));
    return script ? script(command) : { outcome: 'SUCCESS' };
  });
  const url = `http://127.0.0.1:${port}`;
  const http = () => request(url);

  return {
    nats,
    db,
    connection,
    publisher,
    stubs,
    scripts,
    token,
    http,
    startSaga: async (script, overrides = {}) => {
      const payload = { ...sampleStartPayload(), ...overrides };
      if (script) scripts.set(payload.orderId, script);
      await publisher.publish({
        subject: StartOrderFulfillment.subject,
        payload,
        messageId: randomUUID(),
        type: StartOrderFulfillment.type,
        version: StartOrderFulfillment.version,
        correlationId: `corr-${payload.sagaId}`,
      });
      return payload;
    },
    waitForSaga: (sagaId, accept, what) =>
      pollUntil(
        async () => {
          const response = await http().get(`/admin/sagas/${sagaId}`).set('Authorization', `Bearer ${token}`);
          const body = response.body as SagaBody;
          return response.status === 200 && accept(body) ? body : undefined;
        },
        { timeoutMs: 20_000, intervalMs: 50 },
        `saga ${sagaId}: ${what}`,
      ),
    stop: async () => {
      await stubs.stop();
      await app.close();
      await closeNats(connection);
      await db.drop();
      await nats.dispose();
    },
  };
}
