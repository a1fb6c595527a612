import { PermanentError } from '@app/messaging';
import type { CommandContext, Decision } from '@app/participant';

/**
 * A return's commands must reach the ledger under its return id (the returns saga's business key),
 * else two returns of one order would share an entry and the second be answered with the first's
 * reply. A command keyed otherwise (no `business-key` header, so the order id) is dead-lettered
 * before anything is decided or remembered: its transaction, tombstone included, rolls back.
 */
export function keyedByReturn<S, M, P extends { returnId: string }, R extends object>(
  decide: (service: S, manager: M, payload: P, context: CommandContext<P>) => Promise<Decision<R>>,
): (service: S, manager: M, payload: P, context: CommandContext<P>) => Promise<Decision<R>> {
  return (service, manager, payload, context) => {
    if (context.businessKey !== payload.returnId) {
      throw new PermanentError(
        `${context.envelope.type} of return ${payload.returnId} came keyed by ${context.businessKey}: ` +
          "a return's commands carry its return id as business key",
      );
    }
    return decide(service, manager, payload, context);
  };
}
