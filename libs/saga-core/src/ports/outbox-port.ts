import type { MessageContract } from '@app/contracts';

/** A command to publish once the saga state that caused it has committed. */
export interface OutboxMessage {
  /** The command id; published as `Nats-Msg-Id`. */
  readonly messageId: string;
  readonly sagaId: string;
  readonly contract: MessageContract;
  readonly payload: object;
  /** The message (start or reply) whose handling produced this command. */
  readonly causationId?: string;
}

export interface OutboxPort {
  enqueue(messages: readonly OutboxMessage[]): Promise<void>;
}
