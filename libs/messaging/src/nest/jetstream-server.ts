import { CustomTransportStrategy, MessageHandler as NestMessageHandler, Server } from '@nestjs/microservices';
import type { NatsConnection } from 'nats';
import { lastValueFrom } from 'rxjs';
import type { NatsConfig } from '@app/config';
import { Envelope, MessageContract, subjectMatches } from '@app/contracts';
import type { BackoffPolicy } from '../backoff';
import { closeNats, connectNats } from '../connection';
import { ensureConsumer } from '../durable-consumer';
import { JetStreamConsumer, JetStreamConsumerOptions } from '../jetstream-consumer';
import type { InfrastructureGuard } from '../infrastructure-guard';
import { HandlerContext, MessageHandlerMap } from '../message-handler';
import { MessagingLogger, defaultLogger } from '../messaging-logger';
import { JetStreamContext } from './jetstream-context';
import { JETSTREAM_TRANSPORT } from './jetstream-transport';
import { withOriginalHandlerError } from './original-handler-error';

/** One durable consumer the server provisions and runs; its handlers are those whose contract subject it covers. */
export interface JetStreamServerConsumer {
  stream: string;
  durable: string;
  filterSubject: string;
  concurrency?: number;
  maxDeliver?: number;
  ackWaitMs?: number;
  maxAckPending?: number;
  backoff?: Partial<BackoffPolicy>;
  maxBodyBytes?: number;
}

export interface JetStreamServerOptions {
  /** A connection owned by the caller (left open on close), or `nats` to have the server open and close its own. */
  connection?: NatsConnection;
  nats?: { config: NatsConfig; name: string };
  consumers: JetStreamServerConsumer[];
  /** Contracts for handlers declared with a plain `@EventPattern(type)` instead of `@HandlesMessage`. */
  contracts?: MessageContract[];
  logger?: MessagingLogger;
  onOutcome?: JetStreamConsumerOptions['onOutcome'];
  /** The service's database, as every consumer's handlers use it (see `JetStreamConsumerOptions.infrastructure`). */
  infrastructure?: InfrastructureGuard;
}

export type JetStreamServerStatus = 'listening' | 'closed';

/**
 * Nest transport that feeds `@HandlesMessage` handlers from durable JetStream pull consumers:
 * one `JetStreamConsumer` per configured consumer, stopped gracefully on close.
 */
export class JetStreamServer
  extends Server<Record<string, never>, JetStreamServerStatus>
  implements CustomTransportStrategy
{
  private readonly running: JetStreamConsumer[] = [];
  private readonly messagingLogger: MessagingLogger;
  private connection?: NatsConnection;

  constructor(private readonly options: JetStreamServerOptions) {
    super();
    if (!options.connection === !options.nats) {
      throw new Error('JetStreamServer needs exactly one of `connection` or `nats`');
    }
    this.transportId = JETSTREAM_TRANSPORT;
    this.messagingLogger = options.logger ?? defaultLogger(JetStreamServer.name);
  }

  listen(callback: (error?: unknown) => void): void {
    this.start().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.running.splice(0).map((consumer) => consumer.stop()));
    if (this.options.nats && this.connection) await closeNats(this.connection);
    this.connection = undefined;
    this._status$.next('closed');
  }

  on(): never {
    throw new Error('JetStreamServer emits no events: watch the NATS connection status instead');
  }

  unwrap<T>(): T {
    if (!this.connection) throw new Error('JetStreamServer is not listening');
    return this.connection as T;
  }

  private async start(): Promise<void> {
    const connection = (this.connection = await this.openConnection());
    const handlers = this.collectHandlers();
    try {
      for (const spec of this.options.consumers) {
        await ensureConsumer(connection, {
          stream: spec.stream,
          durable: spec.durable,
          filterSubjects: [spec.filterSubject],
          ackWaitMs: spec.ackWaitMs,
          maxDeliver: spec.maxDeliver,
          maxAckPending: spec.maxAckPending,
        });
        const consumer = new JetStreamConsumer(connection, {
          stream: spec.stream,
          durable: spec.durable,
          handlers: handlersCovered(handlers, spec),
          concurrency: spec.concurrency,
          maxDeliver: spec.maxDeliver,
          backoff: spec.backoff,
          maxBodyBytes: spec.maxBodyBytes,
          logger: this.messagingLogger,
          onOutcome: this.options.onOutcome,
          infrastructure: this.options.infrastructure,
        });
        await consumer.start();
        this.running.push(consumer);
      }
    } catch (error) {
      await this.close();
      throw error;
    }
    this._status$.next('listening');
  }

  private async openConnection(): Promise<NatsConnection> {
    if (this.options.connection) return this.options.connection;
    const { config, name } = this.options.nats as { config: NatsConfig; name: string };
    return connectNats(config, name, this.messagingLogger);
  }

  /** Every event handler Nest registered with this server, keyed by message type, with its contract. */
  private collectHandlers(): MessageHandlerMap {
    const registry = new Map((this.options.contracts ?? []).map((contract) => [contract.type, contract]));
    const handlers: MessageHandlerMap = {};
    for (const [pattern, nestHandler] of this.getHandlers()) {
      if (!nestHandler.isEventHandler) continue;
      const contract = (nestHandler.extras?.contract as MessageContract | undefined) ?? registry.get(pattern);
      if (!contract) {
        throw new Error(
          `@EventPattern('${pattern}') has no message contract: use @HandlesMessage(contract) or list it in JetStreamServer's contracts`,
        );
      }
      handlers[contract.type] = {
        contract,
        handle: (envelope, context) => this.invoke(nestHandler, envelope, context),
      };
    }
    return handlers;
  }

  private invoke(
    nestHandler: NestMessageHandler,
    envelope: Envelope<object>,
    context: HandlerContext,
  ): Promise<void> {
    return withOriginalHandlerError(async () => {
      const result = await nestHandler(envelope, new JetStreamContext([envelope.subject, context]));
      await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
    });
  }
}

function handlersCovered(handlers: MessageHandlerMap, spec: JetStreamServerConsumer): MessageHandlerMap {
  const covered = Object.entries(handlers).filter(([, handler]) =>
    subjectMatches(spec.filterSubject, handler.contract.subject),
  );
  if (covered.length === 0) {
    throw new Error(
      `consumer ${spec.stream}/${spec.durable} (${spec.filterSubject}) has no @HandlesMessage handler for its subjects`,
    );
  }
  return Object.fromEntries(covered);
}
