import { Client } from 'pg';
import type { NatsConnection } from 'nats';
import { JetStreamPublisher, closeNats, connectNats, ensureStreams } from '@app/messaging';
import { isTerminal, type SagaStatus } from '@app/saga-core';
import {
  StubParticipants,
  TestDatabase,
  TestNatsServer,
  createTestDatabase,
  pollUntil,
  startNatsServer,
  startStubParticipants,
} from '@test/support';
import {
  OrchestratorProcess,
  buildApps,
  counterValue,
  startOrchestratorProcess,
} from '../test/orchestrator-process';
import {
  effectivelyOnceViolations,
  publishStarts,
  readSagas,
  readTimelines,
  startPayloads,
} from '../test/saga-fleet';

const SAGAS = 200;
const silent = { warn: () => undefined, error: () => undefined, log: () => undefined };

describe('two orchestrator processes sharing one database and stream', () => {
  let nats: TestNatsServer;
  let db: TestDatabase;
  let client: Client;
  let connection: NatsConnection;
  let stubs: StubParticipants;
  let replicas: OrchestratorProcess[] = [];
  /** Every tenth saga retries its payment authorization, so deadlines fire on both replicas. */
  const retryingOrders = new Set<string>();

  beforeAll(async () => {
    buildApps();
    nats = await startNatsServer();
    db = await createTestDatabase('orchestrator_replicas');
    client = new Client({ connectionString: db.url });
    await client.connect();
    connection = await connectNats({ servers: [nats.url], streamReplicas: 1 }, 'replicas-test', silent);
    await ensureStreams(connection, { replicas: 1 });
    stubs = await startStubParticipants(nats.url, (command) =>
      command.type === 'payment.authorize' &&
      command.attempt === 1 &&
      retryingOrders.has(String(command.payload.orderId))
        ? { outcome: 'TRANSIENT_FAILURE', error: { code: 'BUSY', message: 'try again' } }
        : { outcome: 'SUCCESS', delayMs: Math.floor(Math.random() * 5) },
    );
  });

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.kill('SIGTERM')));
    await stubs?.stop();
    await closeNats(connection);
    await client?.end();
    await db?.drop();
    await nats?.dispose();
  });

  it('splits the sagas between them and processes each one once', async () => {
    const env = {
      DATABASE_URL: db.url,
      NATS_URL: nats.url,
      SAGA_RETRY_INITIAL_BACKOFF_MS: '20',
      SAGA_RETRY_MAX_BACKOFF_MS: '50',
      SAGA_DEADLINE_POLL_MS: '50',
      // Every stub answers; a step timeout would only mean a machine too busy to answer in time.
      SAGA_STEP_TIMEOUT_MS: '30000',
    };
    replicas = await Promise.all([startOrchestratorProcess(env), startOrchestratorProcess(env)]);
    const payloads = startPayloads(SAGAS);
    payloads.filter((_, i) => i % 10 === 0).forEach((payload) => retryingOrders.add(payload.orderId));

    await publishStarts(new JetStreamPublisher(connection), payloads);
    const finished = await pollUntil(
      async () => {
        const sagas = await readSagas(client);
        return sagas.length === SAGAS && sagas.every((saga) => isTerminal(saga.status as SagaStatus))
          ? sagas
          : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200 },
      `all ${SAGAS} sagas to finish`,
    );

    expect(finished.filter((saga) => saga.status !== 'COMPLETED')).toEqual([]);
    const timelines = await readTimelines(client);
    expect(
      finished.flatMap((saga) => effectivelyOnceViolations(saga, timelines.get(saga.id) ?? [], stubs)),
    ).toEqual([]);
    expect(stubs.received.length).toBe(stubs.distinct().length);
    expect(stubs.distinct().length).toBe(SAGAS * 6 + retryingOrders.size);

    const metrics = await Promise.all(replicas.map((replica) => replica.metrics()));
    const started = metrics.map((text) => counterValue(text, 'saga_started_total'));
    const retries = metrics.map((text) => counterValue(text, 'saga_step_retries_total'));
    expect(started.every((count) => count > 0)).toBe(true);
    expect(started[0] + started[1]).toBe(SAGAS);
    expect(retries[0] + retries[1]).toBe(retryingOrders.size);
  });
});
