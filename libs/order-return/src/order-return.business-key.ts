import type { DeclaredBusinessKey } from '@app/participant';

/**
 * What identifies an order return's effect: its return id. The start binding keys the saga on it and
 * every participant's table declares it for the return's commands, so two returns of one order are
 * two effects and a command sent under the order id is dead-lettered rather than taken for another's.
 */
export const RETURN_BUSINESS_KEY: DeclaredBusinessKey<{ returnId: string }> = {
  name: 'return id',
  of: (payload) => payload.returnId,
};
