import type { Envelope, MessageContract } from '@app/contracts';

export interface HandlerContext {
  /** 1 on the first delivery. */
  deliveryCount: number;
  /** Tells JetStream the message is still being worked on, resetting its ack timer. */
  working(): void;
}

export interface MessageHandler<P extends object = object> {
  contract: MessageContract<P>;
  /** Resolve to ack; throw `TransientError` (or anything) to retry with backoff, `PermanentError` to dead-letter. */
  handle(envelope: Envelope<P>, context: HandlerContext): Promise<void>;
}

/** Keyed by message type (the `message-type` header), or by subject for messages sent without one. */
export type MessageHandlerMap = Record<string, MessageHandler>;

/** A handler map keyed by each contract's type. */
export function handlersByType(...handlers: MessageHandler[]): MessageHandlerMap {
  return Object.fromEntries(handlers.map((handler) => [handler.contract.type, handler]));
}
