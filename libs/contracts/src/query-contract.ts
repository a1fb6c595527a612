import type { ClassConstructor } from 'class-transformer';
import type { MessageContract } from './message-contract';

/**
 * A request-reply query over core NATS. The responder answers with an instance of `result`,
 * or with JSON `null` when the entity asked for does not exist.
 */
export interface QueryContract<
  P extends object = object,
  R extends object = object,
> extends MessageContract<P> {
  readonly kind: 'query';
  readonly result: ClassConstructor<R>;
}

/** The answer a query contract carries: its result class, or null when not found. */
export type ResultOf<Q> = Q extends QueryContract<object, infer R> ? R | null : never;

export function isQueryContract(contract: MessageContract): contract is QueryContract {
  return contract.kind === 'query' && 'result' in contract;
}
