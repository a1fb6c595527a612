import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { StartOrderFulfillment, type StartOrderFulfillmentPayload } from '@app/contracts';
import type { NatsConnection } from 'nats';
import { JetStreamPublisher, closeNats, connectNats, ensureStreams } from '@app/messaging';
import { type SagaStatus, isTerminal } from '@app/saga-core';
import {
  type StubParticipants,
  type StubScript,
  type TestDatabase,
  type TestNatsServer,
  createTestDatabase,
  pollUntil,
  startNatsServer,
  startStubParticipants,
} from '@test/support';
import { buildApps } from './orchestrator-process';
import { sampleStartPayload } from './orchestrator-harness';

export interface FleetSaga {
  id: string;
  orderId: string;
  status: string;
  nextDeadlineAt: Date | null;
}

export interface FleetTimelineEntry {
  sagaId: string;
  seq: number;
  kind: string;
  step: string | null;
  detail: { commandId?: string; command?: string; attempt?: number };
}

/** Publishes the start messages at once. */
export async function publishStarts(
  publisher: JetStreamPublisher,
  payloads: StartOrderFulfillmentPayload[],
): Promise<void> {
  await Promise.all(
    payloads.map((payload) =>
      publisher.publish({
        subject: StartOrderFulfillment.subject,
        payload,
        messageId: randomUUID(),
        type: StartOrderFulfillment.type,
        version: StartOrderFulfillment.version,
        correlationId: `corr-${payload.sagaId}`,
      }),
    ),
  );
}

export function startPayloads(count: number): StartOrderFulfillmentPayload[] {
  return Array.from({ length: count }, () => sampleStartPayload());
}

export async function readSagas(client: Client): Promise<FleetSaga[]> {
  const { rows } = await client.query<FleetSaga>(
    `SELECT "id", "data"->>'orderId' AS "orderId", "status", "next_deadline_at" AS "nextDeadlineAt"
     FROM "orchestrator"."saga_instance"`,
  );
  return rows;
}

export async function readTimelines(client: Client): Promise<Map<string, FleetTimelineEntry[]>> {
  const { rows } = await client.query<FleetTimelineEntry>(
    `SELECT "saga_id" AS "sagaId", "seq", "kind", "step", "detail" FROM "orchestrator"."saga_timeline"
     ORDER BY "saga_id", "seq"`,
  );
  const bySaga = new Map<string, FleetTimelineEntry[]>();
  for (const row of rows) bySaga.set(row.sagaId, [...(bySaga.get(row.sagaId) ?? []), row]);
  return bySaga;
}

/**
 * Everything that "nothing lost, nothing done twice" implies for one saga, as a list of
 * violations: its timeline is numbered 1..n; each (step, attempt) sent one command; the stub
 * participants received exactly the commands the timeline says were sent, once each after
 * deduplication by message id.
 */
export function effectivelyOnceViolations(
  saga: FleetSaga,
  timeline: FleetTimelineEntry[],
  stubs: StubParticipants,
): string[] {
  const problems: string[] = [];
  const seqs = timeline.map((entry) => entry.seq);
  if (seqs.some((seq, i) => seq !== i + 1)) problems.push(`${saga.id}: timeline seq ${seqs.join(',')}`);

  const sent = timeline.filter(
    (entry) => entry.kind === 'command-sent' || entry.kind === 'compensation-sent',
  );
  const attempts = sent.map((entry) => `${entry.kind}/${entry.step}/${entry.detail.attempt}`);
  if (new Set(attempts).size !== attempts.length)
    problems.push(`${saga.id}: an attempt sent twice: ${attempts}`);

  const sentIds = sent.map((entry) => entry.detail.commandId).sort();
  const receivedIds = stubs
    .distinct()
    .filter((command) => command.sagaId === saga.id)
    .map((command) => command.messageId)
    .sort();
  if (JSON.stringify(sentIds) !== JSON.stringify(receivedIds)) {
    problems.push(`${saga.id}: sent ${sentIds.length} commands, participants received ${receivedIds.length}`);
  }
  return problems;
}

/** What the multi-process orchestrator tests share: a private NATS with the streams, a database, stub participants. */
export interface FleetInfrastructure {
  nats: TestNatsServer;
  db: TestDatabase;
  /** A direct connection to the test database, to read sagas and timelines. */
  client: Client;
  connection: NatsConnection;
  publisher: JetStreamPublisher;
  stubs: StubParticipants;
  /** The environment an orchestrator process needs to use all of the above. */
  env: { DATABASE_URL: string; NATS_URL: string };
  dispose(): Promise<void>;
}

const silent = { warn: () => undefined, error: () => undefined, log: () => undefined };

/** Builds the apps (the tests run orchestrators from dist/) and starts the infrastructure. */
export async function startFleetInfrastructure(
  name: string,
  script: StubScript,
): Promise<FleetInfrastructure> {
  buildApps();
  const nats = await startNatsServer();
  const db = await createTestDatabase(`orchestrator_${name}`);
  const client = new Client({ connectionString: db.url });
  await client.connect();
  const connection = await connectNats({ servers: [nats.url], streamReplicas: 1 }, `${name}-test`, silent);
  await ensureStreams(connection, { replicas: 1 });
  const stubs = await startStubParticipants(nats.url, script);
  return {
    nats,
    db,
    client,
    connection,
    publisher: new JetStreamPublisher(connection),
    stubs,
    env: { DATABASE_URL: db.url, NATS_URL: nats.url },
    dispose: async () => {
      await stubs.stop();
      await closeNats(connection);
      await client.end();
      await db.drop();
      await nats.dispose();
    },
  };
}

/** Waits until `count` sagas exist and every one is terminal; returns them. */
export function waitForAllTerminal(client: Client, count: number, what: string): Promise<FleetSaga[]> {
  return pollUntil(
    async () => {
      const sagas = await readSagas(client);
      return sagas.length === count && sagas.every((saga) => isTerminal(saga.status as SagaStatus))
        ? sagas
        : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 200 },
    what,
  );
}
