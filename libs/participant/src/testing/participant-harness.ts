import { randomUUID } from 'node:crypto';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { AckPolicy, ConsumerMessages, NatsConnection, connect, nanos } from 'nats';
import type { DataSource } from 'typeorm';
import type { AppConfig, DataOwningService } from '@app/config';
import { Headers, MessageContract, QueryContract } from '@app/contracts';

/** A service that answers saga commands: one of the apps that own data, the orchestrator aside. */
type ParticipantApp = Exclude<DataOwningService, 'orchestrator'>;
import { JetStreamPublisher, STREAMS, buildHeaders, requestQuery } from '@app/messaging';
import { bootstrapService } from '@app/platform';
import { TestNatsServer, createTestDatabase, freePort, pollUntil, startNatsServer } from '@test/support';
import { participantConsumer } from '../participant-consumer';

/** A message read back from a stream, its body parsed when it is JSON. */
export interface RecordedMessage {
  subject: string;
  headers: Record<string, string>;
  payload: unknown;
}

/** Reads every message of a stream under a subject filter, from the start, in the background. */
export class StreamRecorder {
  readonly messages: RecordedMessage[] = [];

  private constructor(private readonly feed: ConsumerMessages) {}

  static async start(connection: NatsConnection, stream: string, filter: string): Promise<StreamRecorder> {
    // Explicit acks, as the work-queue streams (replies) require; each message is acked as read.
    const { name } = await (
      await connection.jetstreamManager()
    ).consumers.add(stream, {
      ack_policy: AckPolicy.Explicit,
      filter_subject: filter,
      inactive_threshold: nanos(60_000),
    });
    const consumer = await connection.jetstream().consumers.get(stream, name);
    const recorder = new StreamRecorder(await consumer.consume());
    void recorder.record();
    return recorder;
  }

  /** The messages caused by the message `messageId` (their `causation-id`). */
  causedBy(messageId: string): RecordedMessage[] {
    return this.messages.filter((message) => message.headers[Headers.causationId] === messageId);
  }

  stop(): Promise<void> {
    return this.feed.close().then(() => undefined);
  }

  private async record(): Promise<void> {
    for await (const message of this.feed) {
      const headers: Record<string, string> = {};
      for (const [name, values] of message.headers ?? []) headers[name] = values[0];
      let payload: unknown = message.string();
      try {
        payload = JSON.parse(payload as string);
      } catch {
        // kept as text
      }
      this.messages.push({ subject: message.subject, headers, payload });
      message.ack();
    }
  }
}

/**
 * One participant booted as in production (`bootstrapService`, its durable consumer and query
 * responders) against a private nats-server and a fresh database, plus a client to drive it.
 */
export interface ParticipantHarness {
  app: INestApplication;
  dataSource: DataSource;
  connection: NatsConnection;
  replies: StreamRecorder;
  events: StreamRecorder;
  deadLetters: StreamRecorder;
  /**
   * Publishes a command as the orchestrator would; resolves to its message id. Without
   * `businessKey` no `business-key` header is sent (a command from before the header existed).
   */
  send<P extends object>(
    contract: MessageContract<P>,
    payload: P,
    messageId?: string,
    businessKey?: string,
  ): Promise<string>;
  /** Publishes any body with standard headers on a subject (malformed or oversized input). */
  sendRaw(subject: string, type: string, body: string): Promise<string>;
  /** Waits for the one reply to `messageId`. */
  replyTo(messageId: string): Promise<RecordedMessage>;
  /** Waits until the service's consumer has settled (acked or dead-lettered) everything sent so far. */
  settled(): Promise<void>;
  query<P extends object, R extends object>(contract: QueryContract<P, R>, payload: P): Promise<R | null>;
  close(): Promise<void>;
}

export async function startParticipantHarness(
  service: ParticipantApp,
  module: (config: AppConfig) => DynamicModule,
  env: NodeJS.ProcessEnv = {},
): Promise<ParticipantHarness> {
  const nats = await startNatsServer();
  const database = await createTestDatabase(`${service}_nats`);
  let app: INestApplication | undefined;
  let connection: NatsConnection | undefined;
  try {
    app = await bootstrapService(service, {
      module,
      consumers: () => [participantConsumer(service)],
      env: {
        NODE_ENV: 'test',
        LOG_LEVEL: process.env.HARNESS_LOG_LEVEL ?? 'silent',
        NATS_URL: nats.url,
        DATABASE_URL: database.url,
        [`${service.toUpperCase()}_PORT`]: String(await freePort()),
        ...env,
      },
    });
    connection = await connect({ servers: nats.url });
    return await harness(service, app, connection, nats, database.drop);
  } catch (error) {
    await app?.close();
    await connection?.close();
    await nats.dispose();
    await database.drop();
    throw error;
  }
}

async function harness(
  service: ParticipantApp,
  app: INestApplication,
  connection: NatsConnection,
  nats: TestNatsServer,
  dropDatabase: () => Promise<void>,
): Promise<ParticipantHarness> {
  const publisher = new JetStreamPublisher(connection);
  const replies = await StreamRecorder.start(
    connection,
    STREAMS.SAGA_REPLIES.name,
    `saga.reply.${service}.>`,
  );
  const events = await StreamRecorder.start(connection, STREAMS.DOMAIN_EVENTS.name, `events.${service}.>`);
  const deadLetters = await StreamRecorder.start(
    connection,
    STREAMS.SAGA_DLQ.name,
    `saga.dlq.saga.cmd.${service}.>`,
  );
  const sagaId = randomUUID();

  const settled = async () => {
    const jsm = await connection.jetstreamManager();
    await pollUntil(
      async () => {
        const info = await jsm.consumers.info(STREAMS.SAGA_COMMANDS.name, service);
        return info.num_pending === 0 && info.num_ack_pending === 0;
      },
      { timeoutMs: 10_000 },
      `${service} to settle its commands`,
    );
  };

  return {
    app,
    dataSource: app.get<DataSource>(getDataSourceToken()),
    connection,
    replies,
    events,
    deadLetters,
    send: async (contract, payload, messageId = randomUUID(), businessKey) => {
      const headers = buildHeaders({
        subject: contract.subject,
        payload,
        messageId,
        type: contract.type,
        version: contract.version,
        sagaId,
        correlationId: sagaId,
      });
      if (businessKey !== undefined) headers[Headers.businessKey] = businessKey;
      await publisher.publishRaw(contract.subject, headers, JSON.stringify(payload), messageId);
      return messageId;
    },
    sendRaw: async (subject, type, body) => {
      const messageId = randomUUID();
      const headers = {
        [Headers.messageType]: type,
        [Headers.messageVersion]: '1',
        [Headers.correlationId]: sagaId,
        [Headers.sagaId]: sagaId,
        [Headers.occurredAt]: new Date().toISOString(),
      };
      await publisher.publishRaw(subject, headers, body, messageId);
      return messageId;
    },
    replyTo: (messageId) =>
      pollUntil(() => replies.causedBy(messageId)[0], { timeoutMs: 10_000 }, `the reply to ${messageId}`),
    settled,
    query: (contract, payload) => requestQuery(connection, contract, payload, 5_000),
    close: async () => {
      await Promise.all([replies.stop(), events.stop(), deadLetters.stop()]);
      await app.close();
      await connection.close();
      await nats.dispose();
      await dropDatabase();
    },
  };
}
