import { SpanKind } from '@opentelemetry/api';
import type { Msg, NatsConnection, Subscription } from 'nats';
import { Headers, MessageContract } from '@app/contracts';
import { extractTraceContext, runWithContext, withSpan } from '@app/observability';
import { errorMessage } from './errors';
import { fromMsgHdrs } from './message-headers';
import { MessagingLogger, defaultLogger } from './messaging-logger';
import { QueryReply } from './query-reply';
import { checkPayload } from './check-payload';

export interface QueryResponderOptions<P extends object, R> {
  contract: MessageContract<P>;
  /** Queue group: the replicas of a service share the requests. */
  queue: string;
  /** Resolve to the result, or null for "not found". A throw becomes an INTERNAL error reply. */
  handle(payload: P): Promise<R | null>;
  /** Larger requests are answered with BAD_REQUEST unread. Default 64 KiB. */
  maxBodyBytes?: number;
  logger?: MessagingLogger;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Answers one query contract over core NATS request-reply (reads need no persistence, so no
 * JetStream). Subscribes on construction; `stop()` drains the subscription.
 */
export class QueryResponder<P extends object, R> {
  private readonly subscription: Subscription;
  private readonly logger: MessagingLogger;

  constructor(
    connection: NatsConnection,
    private readonly options: QueryResponderOptions<P, R>,
  ) {
    this.logger = options.logger ?? defaultLogger(`QueryResponder ${options.contract.type}`);
    this.subscription = connection.subscribe(options.contract.subject, {
      queue: options.queue,
      callback: (error, request) => {
        if (error) {
          this.logger.error(`query subscription ${options.contract.subject} failed: ${error.message}`);
          return;
        }
        void this.answer(request);
      },
    });
  }

  async stop(): Promise<void> {
    if (!this.subscription.isClosed()) await this.subscription.drain();
  }

  /** Never rejects: whatever a request holds, its sender gets a reply and this process keeps running. */
  private async answer(request: Msg): Promise<void> {
    if (!request.reply) return; // published, not requested: nobody waits for an answer
    let reply: QueryReply<R>;
    try {
      reply = await this.compute(request);
    } catch (error) {
      this.logger.error(
        `${this.options.contract.type}: the request could not be answered: ${errorMessage(error)}`,
      );
      reply = { error: { code: 'INTERNAL', message: 'the request could not be answered' } };
    }
    if (!this.respond(request, reply)) {
      this.respond(request, { error: { code: 'INTERNAL', message: 'the result could not be sent' } });
    }
  }

  /** False when the reply cannot be sent (too large, not serializable, connection closed); never throws. */
  private respond(request: Msg, reply: QueryReply<R>): boolean {
    try {
      request.respond(encoder.encode(JSON.stringify(reply)));
      return true;
    } catch (error) {
      this.logger.error(`${this.options.contract.type}: the reply could not be sent: ${errorMessage(error)}`);
      return false;
    }
  }

  private async compute(request: Msg): Promise<QueryReply<R>> {
    const { contract } = this.options;
    const maxBodyBytes = this.options.maxBodyBytes ?? 65_536;
    if (request.data.byteLength > maxBodyBytes) {
      return badRequest(
        `request body of ${request.data.byteLength} bytes exceeds the limit of ${maxBodyBytes} bytes`,
      );
    }
    let plain: unknown;
    try {
      plain = JSON.parse(decoder.decode(request.data));
    } catch (error) {
      return badRequest(`request body is not valid JSON: ${errorMessage(error)}`);
    }
    const validation = checkPayload(contract, plain);
    if (!validation.valid) return badRequest(validation.reason);

    const headers = fromMsgHdrs(request.headers);
    const requestId = headers[Headers.messageId];
    try {
      const result = await runWithContext(
        {
          correlationId: headers[Headers.correlationId],
          sagaId: headers[Headers.sagaId],
          causationId: requestId,
          messageId: requestId,
        },
        () =>
          withSpan(
            `${contract.subject} process`,
            { 'messaging.system': 'nats', 'messaging.destination.name': contract.subject },
            () => this.options.handle(validation.payload),
            { kind: SpanKind.SERVER, parent: extractTraceContext(headers) },
          ),
      );
      return { result: result ?? null };
    } catch (error) {
      this.logger.error(`${contract.type} failed: ${errorMessage(error)}`);
      return { error: { code: 'INTERNAL', message: errorMessage(error) } };
    }
  }
}

function badRequest(message: string): QueryReply<never> {
  return { error: { code: 'BAD_REQUEST', message } };
}
