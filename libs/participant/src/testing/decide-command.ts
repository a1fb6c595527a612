import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Envelope, MessageContract } from '@app/contracts';
import { businessKeyOf } from '../business-key';
import type { CommandTable } from '../command-table';
import { Decision, NO_REPLY, NoReply } from '../decision';

export interface DecideOptions {
  /** The `business-key` header; without it the key falls back to the payload's order id, as on receipt. */
  businessKey?: string;
}

/**
 * Decides `payload` as `table`'s entry for `contract` does on receipt — ledger included — in
 * `manager`'s transaction, without NATS or Nest. `R` is the reply's result type.
 */
export async function decideCommand<R extends object = object, P extends object = object>(
  table: CommandTable<unknown>,
  service: unknown,
  manager: EntityManager,
  contract: MessageContract<P>,
  payload: P,
  options: DecideOptions = {},
): Promise<Decision<R> | NoReply> {
  const entry = table.entryFor(contract);
  if (!entry) throw new Error(`${table.service.name}'s command table does not handle ${contract.type}`);
  const envelope: Envelope<P> = {
    subject: contract.subject,
    messageId: randomUUID(),
    type: contract.type,
    version: contract.version,
    correlationId: randomUUID(),
    occurredAt: new Date().toISOString(),
    businessKey: options.businessKey,
    payload,
  };
  const businessKey = businessKeyOf(envelope);
  if (businessKey === undefined) throw new Error(`${contract.type} has no business key and no orderId`);
  return (await entry.decide(service, manager, { businessKey, envelope })) as Decision<R> | NoReply;
}

/** `decideCommand` for a command that must answer: fails when the decision is NO_REPLY. */
export async function decidedCommand<R extends object = object, P extends object = object>(
  ...args: Parameters<typeof decideCommand<R, P>>
): Promise<Decision<R>> {
  const decision = await decideCommand<R, P>(...args);
  if (decision === NO_REPLY) throw new Error(`${args[3].type} was not answered`);
  return decision;
}
