import { randomUUID } from 'node:crypto';
import type { NatsConnection } from 'nats';
import { SERVICE_SCHEMAS } from '@app/config';
import { StartOrderFulfillment, type StartOrderFulfillmentPayload, sampleOrderRequest } from '@app/contracts';
import { JetStreamPublisher, closeNats, connectNats, ensureStreams } from '@app/messaging';
import { OutboxRelay } from '@app/persistence';
import { isTerminal } from '@app/saga-core';
import {
  StubParticipants,
  StubScript,
  TestNatsServer,
  pollUntil,
  startNatsServer,
  startStubParticipants,
} from '@test/support';
import { Orchestrator } from '../src/orchestrator';
import { ORCHESTRATOR_SAGAS } from '../src/orchestrator.bootstrap';
import type { OrchestratorSettings } from '../src/orchestrator-settings';
import type { SagaDetails } from '../src/runtime/saga-runtime';
import { OrchestratorDatabase, openOrchestratorDatabase } from './orchestrator-database';

/** Short timings so that timeouts and retries happen within a test. */
export const FAST_SETTINGS: OrchestratorSettings = {
  tuning: { stepTimeoutMs: 400, retryInitialBackoffMs: 5, retryMaxBackoffMs: 20 },
  replyConcurrency: 16,
  deadlinePollMs: 50,
};

const silent = { warn: () => undefined, error: () => undefined, log: () => undefined };

export interface OrchestratorHarness {
  nats: TestNatsServer;
  database: OrchestratorDatabase;
  connection: NatsConnection;
  publisher: JetStreamPublisher;
  orchestrator: Orchestrator;
  stubs: StubParticipants;
  /** Scripts by order id; orders without one succeed at every step. */
  scripts: Map<string, StubScript>;
  startPayload(overrides?: Partial<StartOrderFulfillmentPayload>): StartOrderFulfillmentPayload;
  /** Publishes a start message; returns its message id. */
  publishStart(payload: StartOrderFulfillmentPayload, messageId?: string): Promise<string>;
  waitForTerminal(sagaId: string, timeoutMs?: number): Promise<SagaDetails>;
  stop(): Promise<void>;
}

/**
 * A whole orchestrator in the test process on a private nats-server and database: runtime,
 * consumers, deadline scheduler, outbox relay, and scripted stub participants.
 */
export async function startOrchestratorHarness(
  prefix: string,
  settings: OrchestratorSettings = FAST_SETTINGS,
  options: { idempotencyKeyTtlMs?: number } = {},
): Promise<OrchestratorHarness> {
  const nats = await startNatsServer();
  const database = await openOrchestratorDatabase(prefix, 20);
  const connection = await connectNats(
    { servers: [nats.url], streamReplicas: 1 },
    'orchestrator-test',
    silent,
  );
  await ensureStreams(connection, { replicas: 1 });
  const publisher = new JetStreamPublisher(connection);
  const relay = new OutboxRelay({
    url: database.db.url,
    schema: SERVICE_SCHEMAS.orchestrator,
    publish: async (batch) => {
      await Promise.all(
        batch.map((row) =>
          publisher.publishRaw(row.subject, row.headers, JSON.stringify(row.payload), row.id),
        ),
      );
    },
    fallbackPollMs: 200,
    logger: silent,
  });
  await relay.start();
  const orchestrator = new Orchestrator({
    databaseUrl: database.db.url,
    connection,
    settings,
    logger: silent,
    sagas: ORCHESTRATOR_SAGAS,
    ...options,
  });
  await orchestrator.start();
  const scripts = new Map<string, StubScript>();
  const stubs = await startStubParticipants(nats.url, (command) => {
    const script = scripts.get(String(command.payload.orderId));
    return script ? script(command) : { outcome: 'SUCCESS' };
  });

  return {
    nats,
    database,
    connection,
    publisher,
    orchestrator,
    stubs,
    scripts,
    startPayload: (overrides = {}) => ({ ...sampleStartPayload(), ...overrides }),
    publishStart: async (payload, messageId = randomUUID()) => {
      await publisher.publish({
        subject: StartOrderFulfillment.subject,
        payload,
        messageId,
        type: StartOrderFulfillment.type,
        version: StartOrderFulfillment.version,
        correlationId: `corr-${payload.sagaId}`,
      });
      return messageId;
    },
    waitForTerminal: (sagaId, timeoutMs = 15_000) =>
      pollUntil(
        async () => {
          const saga = await orchestrator.runtime.get(sagaId);
          return saga && isTerminal(saga.instance.status) ? saga : undefined;
        },
        { timeoutMs, intervalMs: 20 },
        `saga ${sagaId} to finish`,
      ),
    stop: async () => {
      await stubs.stop();
      await orchestrator.stop();
      await relay.stop();
      await closeNats(connection);
      await database.close();
      await nats.dispose();
    },
  };
}

export function sampleStartPayload(): StartOrderFulfillmentPayload {
  return {
    sagaId: randomUUID(),
    orderId: randomUUID(),
    order: sampleOrderRequest(),
  };
}
