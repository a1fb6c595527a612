import { Envelope, Headers } from '@app/contracts';
import { MessageHandler, MessageHandlerMap } from './message-handler';
import { checkPayload } from './check-payload';

/** What arrived, independent of the NATS client's message type. */
export interface ReceivedMessage {
  subject: string;
  headers: Record<string, string>;
  body: Uint8Array;
  /** Stands in for the message id when the sender set none. */
  fallbackId: string;
  /** When the stream stored it; stands in for `occurred-at`. */
  storedAt: string;
}

export type DecodedMessage =
  { ok: true; envelope: Envelope<object>; handler: MessageHandler } | { ok: false; reason: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Size, type, version, JSON, contract: the first check that fails gives the reason to dead-letter. */
export function decodeMessage(
  message: ReceivedMessage,
  handlers: MessageHandlerMap,
  maxBodyBytes: number,
): DecodedMessage {
  if (message.body.byteLength > maxBodyBytes) {
    return {
      ok: false,
      reason: `body of ${message.body.byteLength} bytes exceeds the limit of ${maxBodyBytes} bytes`,
    };
  }
  const type = message.headers[Headers.messageType];
  const handler = type !== undefined ? handlers[type] : handlers[message.subject];
  if (!handler) {
    return {
      ok: false,
      reason:
        type !== undefined
          ? `no handler for message type '${type}'`
          : `no message-type header and no handler for subject '${message.subject}'`,
    };
  }
  const { contract } = handler;
  const version = message.headers[Headers.messageVersion];
  if (version !== undefined && version !== String(contract.version)) {
    return {
      ok: false,
      reason: `${contract.type} version ${version} is not supported (expected ${contract.version})`,
    };
  }
  let plain: unknown;
  try {
    plain = JSON.parse(decoder.decode(message.body));
  } catch (error) {
    return { ok: false, reason: `body is not valid JSON: ${(error as Error).message}` };
  }
  const validation = checkPayload(contract, plain);
  if (!validation.valid) return { ok: false, reason: validation.reason };

  const messageId = message.headers[Headers.messageId] ?? message.fallbackId;
  return {
    ok: true,
    handler,
    envelope: {
      subject: message.subject,
      messageId,
      type: contract.type,
      version: contract.version,
      sagaId: message.headers[Headers.sagaId],
      correlationId: message.headers[Headers.correlationId] ?? messageId,
      causationId: message.headers[Headers.causationId],
      occurredAt: message.headers[Headers.occurredAt] ?? message.storedAt,
      businessKey: message.headers[Headers.businessKey],
      payload: validation.payload,
    },
  };
}
