import type { Envelope } from '@app/contracts';

/**
 * What identifies a command's effect for the ledger: the sending saga's business key (the
 * `business-key` header), else the payload's order id — commands sent before the header existed
 * all belonged to order-fulfillment sagas, whose business key is the order id. Undefined when
 * the command carries neither.
 */
export function businessKeyOf(command: Envelope<unknown>): string | undefined {
  if (command.businessKey) return command.businessKey;
  const orderId = (command.payload as { orderId?: unknown } | null)?.orderId;
  return typeof orderId === 'string' && orderId.length > 0 ? orderId : undefined;
}
