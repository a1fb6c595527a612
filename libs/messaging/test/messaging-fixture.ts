import { randomUUID } from 'node:crypto';
import { NatsConnection, connect } from 'nats';
import { TestNatsServer, startNatsServer } from '@test/support';
import type { DeadLetterPayload } from '@app/contracts';
import { ensureStreams } from '../src/streams';
import type { MessagingLogger } from '../src/messaging-logger';
import type { OutgoingMessage } from '../src/outgoing-message';
import { WidgetCommand } from './widget-contract';

export interface MessagingFixture {
  server: TestNatsServer;
  nc: NatsConnection;
  dispose(): Promise<void>;
}

/** A private JetStream server with the platform's streams, and a client connection to it. */
export async function startMessagingFixture(): Promise<MessagingFixture> {
  const server = await startNatsServer();
  const nc = await connect({ servers: server.url, maxReconnectAttempts: -1, reconnectTimeWait: 200 });
  await ensureStreams(nc, { replicas: 1 });
  return {
    server,
    nc,
    dispose: async () => {
      await nc.close();
      await server.dispose();
    },
  };
}

/** A unique command subject per test, so tests sharing a server do not see each other's messages. */
export function uniqueSubject(): string {
  return `saga.cmd.test.${randomUUID().slice(0, 8)}`;
}

export function widgetMessage(
  subject: string,
  payload: unknown,
  overrides: Partial<OutgoingMessage> = {},
): OutgoingMessage {
  return {
    subject,
    payload,
    messageId: randomUUID(),
    type: WidgetCommand.type,
    version: WidgetCommand.version,
    correlationId: randomUUID(),
    ...overrides,
  };
}

/** Every dead letter filed for `originalSubject`, read straight from the SAGA_DLQ stream. */
export async function deadLettersFor(
  nc: NatsConnection,
  originalSubject: string,
): Promise<DeadLetterPayload[]> {
  const jsm = await nc.jetstreamManager();
  const { state } = await jsm.streams.info('SAGA_DLQ');
  const letters: DeadLetterPayload[] = [];
  for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
    const stored = await jsm.streams.getMessage('SAGA_DLQ', { seq }).catch(() => undefined);
    if (stored?.subject === `saga.dlq.${originalSubject}`) letters.push(stored.json<DeadLetterPayload>());
  }
  return letters;
}

/** Collects what the code under test logs, so a test can assert on it and the output stays quiet. */
export function recordingLogger(): MessagingLogger & { lines: string[] } {
  const lines: string[] = [];
  const record = (level: string) => (message: string) => lines.push(`${level}: ${message}`);
  return { lines, info: record('info'), warn: record('warn'), error: record('error') };
}
