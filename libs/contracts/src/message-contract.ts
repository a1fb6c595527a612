import type { ClassConstructor } from 'class-transformer';

export type MessageKind = 'start' | 'command' | 'reply' | 'event' | 'query';

/**
 * One message of the system: where it travels, which version of its payload it carries,
 * and the class-validator class that checks that payload on receipt. Both the sender and
 * the receiver import the same contract.
 */
export interface MessageContract<P extends object = object> {
  /** Stable logical name, e.g. `inventory.reserve`; sent as the `message-type` header. */
  readonly type: string;
  readonly kind: MessageKind;
  readonly subject: string;
  readonly version: number;
  readonly payload: ClassConstructor<P>;
  readonly description: string;
}

export function defineContract<P extends object>(contract: MessageContract<P>): MessageContract<P> {
  return Object.freeze({ ...contract });
}

/** The payload type a contract carries. */
export type PayloadOf<C> = C extends MessageContract<infer P> ? P : never;
