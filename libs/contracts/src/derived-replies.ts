import type { MessageContract } from './message-contract';

/** A command that carries its own reply contract (built by `defineCommand` with a `result`). */
function derivedReply(contract: MessageContract): MessageContract | undefined {
  if (contract.kind !== 'command' || !('reply' in contract)) return undefined;
  return (contract as { reply?: MessageContract }).reply;
}

/**
 * `contracts` with the reply of each command that carries one right after it, so a saga module
 * that lists only its commands still has their replies registered and checked.
 */
export function withDerivedReplies(contracts: Iterable<MessageContract>): MessageContract[] {
  return [...contracts].flatMap((contract) => {
    const reply = derivedReply(contract);
    return reply ? [contract, reply] : [contract];
  });
}
