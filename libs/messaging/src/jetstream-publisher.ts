import { ErrorCode, JetStreamClient, NatsConnection, NatsError, PubAck } from 'nats';
import { Headers } from '@app/contracts';
import { errorMessage } from './errors';
import { headersByteLength, toMsgHdrs } from './message-headers';
import { OutgoingMessage, buildHeaders } from './outgoing-message';
import type { StoredMessage } from './stored-message';

const encoder = new TextEncoder();

export interface PublishFailure {
  messageId: string;
  subject: string;
  error: Error;
}

export class PublishBatchError extends Error {
  constructor(
    readonly failures: PublishFailure[],
    readonly total: number,
  ) {
    const listed = failures
      .slice(0, 10)
      .map((failure) => `${failure.messageId} to ${failure.subject}: ${failure.error.message}`)
      .join('; ');
    const more = failures.length > 10 ? `; and ${failures.length - 10} more` : '';
    super(`${failures.length} of ${total} publishes failed: ${listed}${more}`);
    this.name = 'PublishBatchError';
  }
}

/**
 * Publishes to JetStream and waits for the stream's acknowledgement. A `PubAck` with
 * `duplicate: true` (the message id was stored before) is a success: that is the dedupe at work.
 */
export class JetStreamPublisher {
  private readonly js: JetStreamClient;

  constructor(
    private readonly connection: NatsConnection,
    options: { timeoutMs?: number } = {},
  ) {
    this.js = connection.jetstream({ timeout: options.timeoutMs ?? 5_000 });
  }

  publish(message: OutgoingMessage): Promise<PubAck> {
    return this.publishRaw(
      message.subject,
      buildHeaders(message),
      JSON.stringify(message.payload),
      message.messageId,
    );
  }

  /** For senders that already hold the headers, e.g. the outbox relay whose rows were built with `buildHeaders`. */
  async publishRaw(
    subject: string,
    headers: Record<string, string>,
    body: Uint8Array | string,
    msgId: string,
  ): Promise<PubAck> {
    const data = typeof body === 'string' ? encoder.encode(body) : body;
    const wireHeaders = { ...headers, [Headers.messageId]: msgId };
    this.assertFitsMaxPayload(subject, msgId, wireHeaders, data);
    try {
      return await this.js.publish(subject, data, { msgID: msgId, headers: toMsgHdrs(wireHeaders) });
    } catch (error) {
      throw new Error(`publish of ${msgId} to ${subject} failed: ${describePublishError(error)}`, {
        cause: error,
      });
    }
  }

  /**
   * Publishes messages stored with their headers (outbox rows; `id` → `Nats-Msg-Id`) without
   * waiting in between; resolves once every one is acknowledged.
   */
  async publishStored(messages: readonly StoredMessage[]): Promise<void> {
    await Promise.all(
      messages.map((message) =>
        this.publishRaw(message.subject, message.headers, JSON.stringify(message.payload), message.id),
      ),
    );
  }

  /** Sends all publishes without waiting in between, then waits for every ack; throws naming each one that failed. */
  async publishBatch(messages: OutgoingMessage[]): Promise<PubAck[]> {
    const settled = await Promise.allSettled(messages.map((message) => this.publish(message)));
    const failures = settled.flatMap((outcome, index) =>
      outcome.status === 'rejected'
        ? [
            {
              messageId: messages[index].messageId,
              subject: messages[index].subject,
              error: asError(outcome.reason),
            },
          ]
        : [],
    );
    if (failures.length > 0) throw new PublishBatchError(failures, messages.length);
    return settled.map((outcome) => (outcome as PromiseFulfilledResult<PubAck>).value);
  }

  private assertFitsMaxPayload(
    subject: string,
    msgId: string,
    headers: Record<string, string>,
    data: Uint8Array,
  ): void {
    const maxPayload = this.connection.info?.max_payload;
    if (maxPayload === undefined) return;
    const size = data.byteLength + headersByteLength(headers);
    if (size > maxPayload) {
      throw new Error(
        `publish of ${msgId} to ${subject} refused: the message is ${size} bytes, over the server's max_payload of ${maxPayload} bytes`,
      );
    }
  }
}

function describePublishError(error: unknown): string {
  if (error instanceof NatsError && error.code === ErrorCode.NoResponders) {
    return 'no JetStream stream captures this subject (or JetStream is unavailable)';
  }
  if (error instanceof NatsError && error.code === ErrorCode.Timeout)
    return 'no acknowledgement from JetStream in time';
  return errorMessage(error);
}

function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}
