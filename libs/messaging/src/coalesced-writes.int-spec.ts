import { randomUUID } from 'node:crypto';
import type { NatsConnection, Subscription } from 'nats';
import { TestNatsServer, startNatsServer } from '@test/support';
import { closeNats, connectNats } from './connection';
import { ensureStreams } from './streams';
import { JetStreamPublisher } from './jetstream-publisher';
import type { MessagingLogger } from './messaging-logger';

const silent: MessagingLogger = { warn: () => undefined, error: () => undefined };

/** Counts the client's writes to its socket (the transport's own `socket.write`). */
function countWrites(connection: NatsConnection): () => number {
  const socket = (connection as unknown as { protocol: { transport: { socket: { write: unknown } } } })
    .protocol.transport.socket as { write: (...args: unknown[]) => boolean };
  const write = socket.write.bind(socket);
  let writes = 0;
  socket.write = (...args: unknown[]) => {
    writes += 1;
    return write(...args);
  };
  return () => writes;
}

async function received(subscription: Subscription, count: number): Promise<string[]> {
  const texts: string[] = [];
  for await (const message of subscription) {
    texts.push(message.string());
    if (texts.length === count) break;
  }
  return texts;
}

describe('connectNats: writes coalesced per event-loop turn', () => {
  let server: TestNatsServer;
  let publisher: NatsConnection;
  let subscriber: NatsConnection;

  beforeAll(async () => {
    server = await startNatsServer();
    publisher = await connectNats({ servers: [server.url], streamReplicas: 1 }, 'coalescing', silent);
    subscriber = await connectNats({ servers: [server.url], streamReplicas: 1 }, 'listening', silent);
    await ensureStreams(publisher, { replicas: 1 });
  });
  afterAll(async () => {
    await closeNats(publisher);
    await closeNats(subscriber);
    await server.dispose();
  });

  it('sends what many tasks of one turn publish in one write, every message in order', async () => {
    const subject = `coalesce.${randomUUID()}`;
    const subscription = subscriber.subscribe(subject);
    await subscriber.flush();
    const arrived = received(subscription, 50);
    const writes = countWrites(publisher);

    // Fifty callbacks of one check phase, as fifty I/O callbacks of one poll phase would be.
    await new Promise<void>((resolve) => {
      for (let i = 0; i < 50; i++) setImmediate(() => publisher.publish(subject, `m${i}`));
      setImmediate(() => setImmediate(resolve));
    });
    expect(writes()).toBe(1);
    expect(await arrived).toEqual(Array.from({ length: 50 }, (_, i) => `m${i}`));
  });

  it('still answers requests and JetStream publishes', async () => {
    const subject = `coalesce.echo.${randomUUID()}`;
    subscriber.subscribe(subject, { callback: (_error, message) => message.respond(message.data) });
    await subscriber.flush();
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) => publisher.request(subject, `r${i}`, { timeout: 5_000 })),
    );
    expect(replies.map((reply) => reply.string())).toEqual(Array.from({ length: 20 }, (_, i) => `r${i}`));

    const jetStream = new JetStreamPublisher(publisher);
    const messageId = randomUUID();
    const ack = await jetStream.publishRaw(`saga.cmd.test.${messageId.slice(0, 8)}`, {}, '{}', messageId);
    expect(ack).toMatchObject({ stream: 'SAGA_COMMANDS', duplicate: false });
  });

  it('delivers what was published just before a drain or a close', async () => {
    const subject = `coalesce.last.${randomUUID()}`;
    const subscription = subscriber.subscribe(subject);
    await subscriber.flush();
    const arrived = received(subscription, 2);

    const draining = await connectNats({ servers: [server.url], streamReplicas: 1 }, 'draining', silent);
    draining.publish(subject, 'before drain');
    await closeNats(draining);
    const closing = await connectNats({ servers: [server.url], streamReplicas: 1 }, 'closing', silent);
    closing.publish(subject, 'before close');
    await closing.close();

    expect(await arrived).toEqual(['before drain', 'before close']);
  });
});
