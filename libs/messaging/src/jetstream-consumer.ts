import { setTimeout as delay } from 'node:timers/promises';
import { SpanKind } from '@opentelemetry/api';
import type { Consumer, ConsumerMessages, JetStreamClient, JsMsg, NatsConnection } from 'nats';
import { Headers } from '@app/contracts';
import {
  type DeadLetterReason,
  type Metrics,
  PlatformMetrics,
  extractTraceContext,
  getMetrics,
  runWithContext,
  withSpan,
} from '@app/observability';
import { BackoffPolicy, DEFAULT_BACKOFF, redeliveryDelayMs } from './backoff';
import { ConcurrencyLimiter } from './concurrency-limiter';
import { observeConsumerBacklog } from './consumer-backlog-metrics';
import { deadLetterMessage } from './dead-letter';
import { DecodedMessage, ReceivedMessage, decodeMessage } from './decode-message';
import { collectDeferred, startDeferred } from './after-acknowledgement';
import { PermanentError, errorMessage } from './errors';
import { InfrastructureGuard, NO_INFRASTRUCTURE } from './infrastructure-guard';
import { InfrastructureRetries } from './infrastructure-retries';
import { JetStreamPublisher } from './jetstream-publisher';
import { fromMsgHdrs } from './message-headers';
import { MessageHandlerMap } from './message-handler';
import { MessagingLogger, defaultLogger } from './messaging-logger';

export type MessageOutcome = 'acked' | 'retried' | 'dead-lettered';

export interface JetStreamConsumerOptions {
  stream: string;
  /** An existing durable pull consumer (see `ensureConsumer`); instances sharing it share the work. */
  durable: string;
  handlers: MessageHandlerMap;
  /** Handlers running at once in this instance; never more messages are pulled than free slots. Default 16. */
  concurrency?: number;
  /**
   * The delivery on which a still-failing message is dead-lettered instead of retried. Default 10.
   * Deliveries that failed on the infrastructure (see `infrastructure`) do not count.
   */
  maxDeliver?: number;
  /**
   * The infrastructure the handlers use (the service's database): a failure it recognises is
   * retried without using up the message's budget and never dead-lettered, and while it reports
   * an outage the consumer pulls nothing. Default: none, every failure is the message's.
   */
  infrastructure?: InfrastructureGuard;
  backoff?: Partial<BackoffPolicy>;
  /** Bodies above this are dead-lettered unread. Default 1 MiB (the server's default max_payload). */
  maxBodyBytes?: number;
  logger?: MessagingLogger;
  /** Where the consumer's counters and backlog gauges go; the process's `Metrics` by default. */
  metrics?: Metrics;
  /** Called once per settled message; `type` is the message-type header or the subject. */
  onOutcome?(type: string, outcome: MessageOutcome, durationMs: number): void;
  /** How long one pull request waits for messages (min 1000). Default 5000. */
  pullExpiresMs?: number;
  /** Pause before pulling again after the server or the consumer became unavailable. Default 1000. */
  retryDelayMs?: number;
}

/** `maxRawDeliveries` = `maxDeliver` × this. */
const RAW_DELIVERY_FACTOR = 10;
const DEFAULT_MAX_PAYLOAD = 1_048_576;

/**
 * Runs one durable pull consumer: decode, validate, handle inside the sender's trace and
 * correlation context, then ack / nak with backoff / dead-letter and term.
 *
 * It pulls with `fetch` rather than `consume`: each fetch asks for exactly as many messages as
 * there are free handler slots, so nothing waits in a client-side buffer with its ack timer
 * running, and `stop()` only has to end the open pull request and wait for the handlers it
 * already started. `consume` would keep a prefetch buffer topped up behind the handlers' backs.
 */
export class JetStreamConsumer {
  private readonly js: JetStreamClient;
  private readonly publisher: JetStreamPublisher;
  private readonly slots: ConcurrencyLimiter;
  private readonly maxDeliver: number;
  /**
   * The server redelivers without limit (infrastructure failures must not use up a message), so
   * this is what stops a message that never settles at all (its handler hangs, or it kills the
   * process every time) from coming back forever. Far above `maxDeliver`: an outage adds only a
   * delivery or two per message, since the consumer stops pulling while it lasts.
   */
  private readonly maxRawDeliveries: number;
  private readonly backoff: BackoffPolicy;
  private readonly maxBodyBytes: number;
  private readonly logger: MessagingLogger;
  private readonly infrastructure: InfrastructureGuard;
  private readonly infrastructureRetries = new InfrastructureRetries();
  /** Set by an infrastructure failure: the open pull is ended and what it still yields goes back unhandled. */
  private heldForInfrastructure = false;
  /** Half the consumer's ack wait: how often a handler still running tells the server it is. */
  private heartbeatMs?: number;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly stopSignal = new AbortController();
  private pulling?: Promise<void>;
  private openPull?: ConsumerMessages;
  private readonly metrics: Metrics;
  private stopObservingBacklog?: () => void;

  constructor(
    private readonly connection: NatsConnection,
    private readonly options: JetStreamConsumerOptions,
  ) {
    this.js = connection.jetstream();
    this.publisher = new JetStreamPublisher(connection);
    this.slots = new ConcurrencyLimiter(options.concurrency ?? 16);
    this.maxDeliver = options.maxDeliver ?? 10;
    this.maxRawDeliveries = this.maxDeliver * RAW_DELIVERY_FACTOR;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_PAYLOAD;
    this.logger = options.logger ?? defaultLogger(`JetStreamConsumer ${options.stream}/${options.durable}`);
    this.metrics = options.metrics ?? getMetrics();
    this.infrastructure = options.infrastructure ?? NO_INFRASTRUCTURE;
  }

  private get name(): string {
    return `${this.options.stream}/${this.options.durable}`;
  }

  private get stopping(): boolean {
    return this.stopSignal.signal.aborted;
  }

  /** Checks the consumer exists (fails fast if not), then pulls in the background until `stop()`. */
  async start(): Promise<void> {
    if (this.pulling || this.stopping)
      throw new Error(`consumer ${this.name} can be started once; create a new one`);
    let consumer: Consumer;
    try {
      consumer = await this.js.consumers.get(this.options.stream, this.options.durable);
    } catch (error) {
      throw new Error(`JetStream consumer ${this.name} is not available: ${errorMessage(error)}`);
    }
    await this.readAckWait(consumer);
    this.stopObservingBacklog = observeConsumerBacklog(this.metrics, this.options, () => consumer.info());
    this.pulling = this.pullUntilStopped(consumer);
  }

  /** Stops pulling, lets the handlers in flight finish and settle, and returns once their acks reached the server. */
  async stop(): Promise<void> {
    if (!this.pulling) return;
    this.stopObservingBacklog?.();
    this.stopSignal.abort();
    void this.openPull?.close();
    await this.pulling;
    await Promise.all(this.inFlight);
    if (!this.connection.isClosed()) await this.flushAcks();
  }

  /** Waits until the server has seen the acks just sent, but not forever while disconnected. */
  private async flushAcks(): Promise<void> {
    const timeout = new AbortController();
    await Promise.race([
      this.connection.flush().catch(() => undefined),
      delay(2_000, undefined, { signal: timeout.signal }).catch(() => undefined),
    ]);
    timeout.abort();
  }

  private async pullUntilStopped(first: Consumer): Promise<void> {
    let consumer: Consumer | undefined = first;
    while (!this.stopping) {
      try {
        if (!consumer) {
          consumer = await this.js.consumers.get(this.options.stream, this.options.durable);
          await this.readAckWait(consumer);
        }
        // While the database is down, a pulled message could only fail: leave it on the stream.
        await this.infrastructure.whenAvailable(this.stopSignal.signal);
        this.heldForInfrastructure = false;
        await this.slots.whenAvailable(this.stopSignal.signal);
        if (this.stopping) break;
        const pull = await consumer.fetch({
          max_messages: this.slots.available,
          expires: this.options.pullExpiresMs ?? 5_000,
        });
        await this.dispatchAll(pull);
      } catch (error) {
        if (this.stopping) break;
        if (this.connection.isClosed()) {
          this.logger.error(`consumer ${this.name} stopped pulling: the NATS connection is closed`);
          break;
        }
        // The server restarted, the consumer was recreated, JetStream is briefly unavailable...
        const retryDelayMs = this.options.retryDelayMs ?? 1_000;
        this.logger.warn(
          `consumer ${this.name} pull failed (${errorMessage(error)}); retrying in ${retryDelayMs} ms`,
        );
        consumer = undefined;
        await delay(retryDelayMs, undefined, { signal: this.stopSignal.signal }).catch(() => undefined);
      }
    }
  }

  /**
   * A handler slowed down by its database (or a long one) must not outlive the ack wait
   * unannounced: the server would deliver the message again while it is still being handled, and
   * under a slow database every in-flight message would come back at once. So a handler still
   * running after half the ack wait tells the server it is in progress, again each half.
   */
  private async readAckWait(consumer: Consumer): Promise<void> {
    const ackWaitMs = ((await consumer.info(true)).config.ack_wait ?? 0) / 1_000_000;
    this.heartbeatMs = ackWaitMs > 0 ? Math.max(100, Math.floor(ackWaitMs / 2)) : undefined;
  }

  private async dispatchAll(pull: ConsumerMessages): Promise<void> {
    this.openPull = pull;
    if (this.stopping) void pull.close(); // messages already received are still yielded, and handled
    try {
      for await (const message of pull) {
        if (this.heldForInfrastructure) {
          this.returnUnhandled(message);
          continue;
        }
        // Normally immediate (the pull asked for free slots only); after a reconnect the client may
        // re-issue the pull, and this keeps the bound strict even then.
        await this.slots.acquire();
        const settled = this.settle(message).finally(() => {
          this.slots.release();
          this.inFlight.delete(settled);
        });
        this.inFlight.add(settled);
      }
    } finally {
      this.openPull = undefined;
    }
  }

  /** Never rejects: every message ends acked, nak'ed or dead-lettered (or, with the connection gone, redelivered later). */
  private async settle(message: JsMsg): Promise<void> {
    const started = performance.now();
    let type = message.subject;
    // A metric label must come from code, not from a header anyone could set.
    let knownType = 'invalid';
    let outcome: MessageOutcome;
    try {
      const received = toReceivedMessage(message, this.options.stream);
      type = received.headers[Headers.messageType] ?? received.subject;
      const decoded = decodeMessage(received, this.options.handlers, this.maxBodyBytes);
      if (decoded.ok) knownType = decoded.envelope.type;
      outcome = !decoded.ok
        ? await this.deadLetter(message, received, decoded.reason, 'invalid')
        : message.info.deliveryCount > this.maxRawDeliveries
          ? await this.deadLetter(
              message,
              received,
              `delivered ${message.info.deliveryCount} times without being settled (a handler that hangs, or a process that dies on it)`,
              'exhausted',
            )
          : await this.handle(message, received, decoded);
    } catch (error) {
      // Acking on a closed connection, a reply subject the client cannot parse...
      this.logger.error(
        `consumer ${this.name} could not settle a message on ${message.subject}: ${errorMessage(error)}`,
      );
      outcome = this.retry(message);
    }
    this.metrics
      .counter(PlatformMetrics.messagesHandled)
      .inc({ consumer: this.options.durable, type: knownType, outcome });
    this.report(type, outcome, performance.now() - started);
  }

  private async handle(
    message: JsMsg,
    received: ReceivedMessage,
    decoded: Extract<DecodedMessage, { ok: true }>,
  ): Promise<MessageOutcome> {
    // What the handler defers with `afterAcknowledgement` starts in the same tick as the ack or
    // nak, so both leave in one write; the finally only catches what an exception skipped.
    const deferred: Array<() => Promise<void>> = [];
    try {
      return await this.handleAndSettle(message, received, decoded, deferred);
    } finally {
      startDeferred(deferred, this.logger);
    }
  }

  private async handleAndSettle(
    message: JsMsg,
    received: ReceivedMessage,
    { envelope, handler }: Extract<DecodedMessage, { ok: true }>,
    deferred: Array<() => Promise<void>>,
  ): Promise<MessageOutcome> {
    const deliveryCount = message.info.deliveryCount;
    const heartbeat = this.startHeartbeat(message);
    try {
      await collectDeferred(deferred, () =>
        runWithContext(
          {
            sagaId: envelope.sagaId,
            correlationId: envelope.correlationId,
            causationId: envelope.messageId,
            messageId: envelope.messageId,
          },
          () =>
            withSpan(
              `${envelope.subject} process`,
              {
                'messaging.system': 'nats',
                'messaging.operation.type': 'process',
                'messaging.destination.name': envelope.subject,
                'messaging.message.id': envelope.messageId,
                'messaging.consumer.group.name': this.options.durable,
              },
              () => handler.handle(envelope, { deliveryCount, working: () => message.working() }),
              { kind: SpanKind.CONSUMER, parent: extractTraceContext(received.headers) },
            ),
        ),
      );
    } catch (error) {
      clearInterval(heartbeat);
      const reason = errorMessage(error);
      if (!(error instanceof PermanentError) && this.infrastructure.isInfrastructureFailure(error)) {
        this.infrastructureRetries.note(message.seq);
        this.infrastructure.failed(error);
        this.holdForInfrastructure();
        this.logger.warn(
          `${envelope.type} ${envelope.messageId} met an infrastructure failure on delivery ${deliveryCount} (not counted): ${reason}`,
        );
        const outcome = this.retry(message);
        startDeferred(deferred, this.logger);
        return outcome;
      }
      const counted = this.infrastructureRetries.counted(message.seq, deliveryCount);
      if (error instanceof PermanentError || counted >= this.maxDeliver) {
        this.infrastructureRetries.forget(message.seq);
        return this.deadLetter(
          message,
          received,
          reason,
          error instanceof PermanentError ? 'rejected' : 'exhausted',
        );
      }
      this.logger.warn(
        `${envelope.type} ${envelope.messageId} failed on delivery ${counted} of ${this.maxDeliver}: ${reason}`,
      );
      const outcome = this.retry(message);
      startDeferred(deferred, this.logger);
      return outcome;
    }
    clearInterval(heartbeat);
    this.infrastructureRetries.forget(message.seq);
    message.ack();
    startDeferred(deferred, this.logger);
    return 'acked';
  }

  /** Ends the open pull, so the pull loop asks the infrastructure guard before it pulls again. */
  private holdForInfrastructure(): void {
    this.heldForInfrastructure = true;
    void this.openPull?.close();
  }

  /** A message the ended pull still yielded: back to the stream, not counted against its budget. */
  private returnUnhandled(message: JsMsg): void {
    this.infrastructureRetries.note(message.seq);
    this.retry(message);
  }

  private startHeartbeat(message: JsMsg): NodeJS.Timeout | undefined {
    if (this.heartbeatMs === undefined) return undefined;
    return setInterval(() => {
      try {
        message.working();
      } catch {
        // the connection is down: the server redelivers after the ack wait, as it would anyway
      }
    }, this.heartbeatMs).unref();
  }

  private async deadLetter(
    message: JsMsg,
    received: ReceivedMessage,
    reason: string,
    reasonClass: DeadLetterReason,
  ): Promise<MessageOutcome> {
    const originalId = received.headers[Headers.messageId] ?? received.fallbackId;
    const failedAt = new Date();
    const letter = deadLetterMessage(
      {
        originalSubject: received.subject,
        headers: received.headers,
        payload: Buffer.from(received.body).toString('utf8'),
        reason,
        deliveryCount: message.info.deliveryCount,
        consumer: this.options.durable,
        failedAt: failedAt.toISOString(),
      },
      originalId,
      this.connection.info?.max_payload ?? DEFAULT_MAX_PAYLOAD,
      failedAt,
    );
    try {
      await this.publisher.publishRaw(letter.subject, letter.headers, letter.body, letter.msgId);
    } catch (error) {
      this.logger.error(
        `could not dead-letter ${originalId} from ${received.subject}: ${errorMessage(error)}`,
      );
      return this.retry(message);
    }
    // A plain term: nats-server 2.9 does not understand "+TERM <reason>" and would ignore it.
    message.term();
    this.metrics
      .counter(PlatformMetrics.deadLetters)
      .inc({ consumer: this.options.durable, reason: reasonClass });
    this.logger.warn(`dead-lettered ${originalId} from ${received.subject}: ${reason}`);
    return 'dead-lettered';
  }

  /** Asks for redelivery after the backoff; if even that fails, JetStream redelivers once the ack wait expires. */
  private retry(message: JsMsg): MessageOutcome {
    try {
      message.nak(redeliveryDelayMs(this.backoff, message.info.deliveryCount));
    } catch (error) {
      this.logger.error(
        `consumer ${this.name} could not nak a message on ${message.subject}: ${errorMessage(error)}`,
      );
    }
    return 'retried';
  }

  private report(type: string, outcome: MessageOutcome, durationMs: number): void {
    if (!this.options.onOutcome) return;
    try {
      this.options.onOutcome(type, outcome, durationMs);
    } catch (error) {
      this.logger.error(`onOutcome hook failed: ${errorMessage(error)}`);
    }
  }
}

function toReceivedMessage(message: JsMsg, stream: string): ReceivedMessage {
  return {
    subject: message.subject,
    headers: fromMsgHdrs(message.headers),
    body: message.data,
    fallbackId: `${stream}:${message.seq}`,
    storedAt: new Date(Math.floor(message.info.timestampNanos / 1_000_000)).toISOString(),
  };
}
