import { PermanentError } from '@app/messaging';
import type { CommandContext, Decision } from '@app/participant';

/**
 * A return's command must reach the ledger under its return id (the returns saga's business
 * key): keyed by the order id (no `business-key` header), two returns of one order would share
 * one entry and the second be answered with the first's reply, refunding or restocking nothing.
 * Such a command is dead-lettered before anything is decided or remembered. The same rule as the
 * order service's return commands (apps/order/src/returns/keyed-by-return.ts).
 */
export function keyedByReturn<S, M, P extends { returnId: string }, R extends object>(
  decide: (service: S, manager: M, payload: P) => Promise<Decision<R>>,
): (service: S, manager: M, payload: P, context: CommandContext<P>) => Promise<Decision<R>> {
  return (service, manager, payload, context) => {
    if (context.businessKey !== payload.returnId) {
      throw new PermanentError(
        `${context.envelope.type} of return ${payload.returnId} came keyed by ${context.businessKey}: ` +
          "a return's commands carry its return id as business key",
      );
    }
    return decide(service, manager, payload);
  };
}
