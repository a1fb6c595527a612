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
import { OrchestratorProcess, buildApps, startOrchestratorProcess } from '../test/orchestrator-process';
import {
  effectivelyOnceViolations,
  publishStarts,
  readSagas,
  readTimelines,
  startPayloads,
} from '../test/saga-fleet';

const SAGAS = 200;
const FORWARD = [
  'order.create',
  'inventory.reserve',
  'payment.authorize',
  'shipping.schedule',
  'payment.capture',
  'order.approve',
];
const silent = { warn: () => undefined, error: () => undefined, log: () => undefined };

describe('orchestrator crash recovery (child process, SIGKILL)', () => {
  let nats: TestNatsServer;
  let db: TestDatabase;
  let client: Client;
  let connection: NatsConnection;
  let stubs: StubParticipants;
  let orchestrator: OrchestratorProcess | undefined;
  /** Orders whose first `order.approve` is never answered: only a step timeout moves them on. */
  const lostReplyOrders = new Set<string>();

  beforeAll(async () => {
    buildApps();
    nats = await startNatsServer();
    db = await createTestDatabase('orchestrator_crash');
    client = new Client({ connectionString: db.url });
    await client.connect();
    connection = await connectNats({ servers: [nats.url], streamReplicas: 1 }, 'crash-test', silent);
    await ensureStreams(connection, { replicas: 1 });
    stubs = await startStubParticipants(nats.url, async (command) => {
      if (
        command.type === 'order.approve' &&
        command.attempt === 1 &&
        lostReplyOrders.has(String(command.payload.orderId))
      ) {
        return 'no-reply';
      }
      // A little latency keeps many sagas in flight when the orchestrator is killed.
      return { outcome: 'SUCCESS', delayMs: Math.floor(Math.random() * 20) };
    });
  });

  afterAll(async () => {
    await orchestrator?.kill('SIGKILL');
    await stubs?.stop();
    await closeNats(connection);
    await client?.end();
    await db?.drop();
    await nats?.dispose();
  });

  const env = () => ({
    DATABASE_URL: db.url,
    ORCHESTRATOR_DATABASE_URL: db.url,
    NATS_URL: nats.url,
    SAGA_STEP_TIMEOUT_MS: '8000',
    SAGA_DEADLINE_POLL_MS: '100',
  });

  it('finishes every saga after a SIGKILL mid-flight, with one effect per (order, action)', async () => {
    orchestrator = await startOrchestratorProcess(env());
    const payloads = startPayloads(SAGAS);
    payloads.slice(0, 10).forEach((payload) => lostReplyOrders.add(payload.orderId));
    await publishStarts(new JetStreamPublisher(connection), payloads);

    await pollUntil(
      () => stubs.distinct().length >= SAGAS * 2,
      { timeoutMs: 30_000 },
      'sagas to be in flight',
    );
    await orchestrator.kill('SIGKILL');

    const atCrash = await readSagas(client);
    const inFlight = atCrash.filter((saga) => !isTerminal(saga.status as SagaStatus));
    expect(inFlight.length).toBeGreaterThan(0);
    // The recovery claim: a saga that is not finished always waits on a deadline.
    expect(inFlight.filter((saga) => saga.nextDeadlineAt === null)).toEqual([]);

    orchestrator = await startOrchestratorProcess(env());
    const finished = await pollUntil(
      async () => {
        const sagas = await readSagas(client);
        return sagas.length === SAGAS && sagas.every((saga) => isTerminal(saga.status as SagaStatus))
          ? sagas
          : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200 },
      `all ${SAGAS} sagas to finish after the restart`,
    );

    expect(finished.map((saga) => saga.id).sort()).toEqual(payloads.map((payload) => payload.sagaId).sort());
    expect(finished.filter((saga) => saga.status !== 'COMPLETED')).toEqual([]);
    const timelines = await readTimelines(client);
    expect(
      finished.flatMap((saga) => effectivelyOnceViolations(saga, timelines.get(saga.id) ?? [], stubs)),
    ).toEqual([]);

    for (const saga of finished) {
      const expected = FORWARD.map((type) =>
        type === 'order.approve' && lostReplyOrders.has(saga.orderId) ? 2 : 1,
      );
      expect([saga.id, FORWARD.map((type) => stubs.timesSeen(type, saga.orderId))]).toEqual([
        saga.id,
        expected,
      ]);
    }
    const { rows } = await client.query(`SELECT count(*)::int AS "pending" FROM "orchestrator"."outbox"`);
    expect(rows[0].pending).toBe(0);
  });
});
