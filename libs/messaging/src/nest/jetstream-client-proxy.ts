import { randomUUID } from 'node:crypto';
import { ClientProxy, ReadPacket, WritePacket } from '@nestjs/microservices';
import type { NatsConnection, PubAck } from 'nats';
import { JetStreamPublisher } from '../jetstream-publisher';
import type { OutgoingMessage } from '../outgoing-message';
import { requestQuery } from '../request-query';

/** What `emit(subject, message)` and `send(subject, message)` take: a message without its subject (the pattern). */
export type ProxyMessage = Omit<OutgoingMessage, 'subject' | 'messageId'> & { messageId?: string };

/**
 * Nest client over the same connection: `emit(subject, message)` publishes to JetStream and
 * completes with the `PubAck`; `send(subject, { type, version, payload })` asks a
 * `QueryResponder` over core NATS and emits its result. The connection belongs to the caller.
 */
export class JetStreamClientProxy extends ClientProxy {
  private readonly publisher: JetStreamPublisher;

  constructor(
    private readonly connection: NatsConnection,
    private readonly options: { queryTimeoutMs?: number } = {},
  ) {
    super();
    this.publisher = new JetStreamPublisher(connection);
  }

  async connect(): Promise<NatsConnection> {
    return this.connection;
  }

  async close(): Promise<void> {
    // Nothing to release: the connection is shared and closed by whoever opened it.
  }

  unwrap<T>(): T {
    return this.connection as T;
  }

  protected dispatchEvent<T = PubAck>(packet: ReadPacket<ProxyMessage>): Promise<T> {
    const message = {
      ...packet.data,
      subject: packet.pattern,
      messageId: packet.data.messageId ?? randomUUID(),
    };
    return this.publisher.publish(message) as Promise<T>;
  }

  protected publish(packet: ReadPacket<ProxyMessage>, callback: (packet: WritePacket) => void): () => void {
    const { type, version, payload } = packet.data;
    requestQuery(
      this.connection,
      { subject: packet.pattern, type, version },
      payload,
      this.options.queryTimeoutMs,
    ).then(
      (response) => callback({ response, isDisposed: true }),
      (error: unknown) => callback({ err: error, isDisposed: true }),
    );
    return () => undefined;
  }
}
