import { ReserveInventoryCommand } from './commands/reserve-inventory/reserve-inventory.command';
import { defineCommand, defineEvent, defineReply } from './contract-builders';
import { ContractRegistry, DuplicateContractError } from './contract-registry';
import { DeadLetterEvent, deadLetterSubject } from './dead-letter/dead-letter';
import { PLATFORM_CONTRACTS } from './platform-contracts';
import { ReserveInventoryReply } from './replies/reserve-inventory/reserve-inventory.reply';
import { ReplyPayload } from './replies/reply-payload';

class RestockPayload {
  orderId!: string;
}
class RestockReplyPayload extends ReplyPayload {}
class RestockedPayload {
  orderId!: string;
}

// A saga module's own messages, as a team outside the platform would write them.
const Restock = defineCommand({
  service: 'inventory',
  action: 'restock',
  payload: RestockPayload,
  description: 'test',
});
const RestockV2 = defineCommand({
  service: 'inventory',
  action: 'restock',
  payload: RestockPayload,
  description: 'test',
  version: 2,
});
const RestockReply = defineReply(Restock, RestockReplyPayload, 'test');
const Restocked = defineEvent({
  service: 'inventory',
  entity: 'stock',
  action: 'restocked',
  payload: RestockedPayload,
  description: 'test',
});

describe('ContractRegistry', () => {
  const registry = new ContractRegistry([...PLATFORM_CONTRACTS, Restock, RestockV2, RestockReply, Restocked]);

  it('finds a contract by type, by type and version (the newest without one), and not an unknown one', () => {
    expect(registry.byType('inventory.reserve')).toBe(ReserveInventoryCommand);
    expect(registry.byType('inventory.reserve', 1)).toBe(ReserveInventoryCommand);
    expect(registry.byType('inventory.reserve', 2)).toBeUndefined();
    expect(registry.byType('inventory.restock')).toBe(RestockV2);
    expect(registry.byType('inventory.restock', 1)).toBe(Restock);
    expect(registry.byType('inventory.steal')).toBeUndefined();
  });

  it('finds a contract by subject, the platform’s and the ones it was given', () => {
    expect(registry.bySubject('saga.reply.inventory.reserve')).toBe(ReserveInventoryReply);
    expect(registry.bySubject('saga.reply.inventory.restock')).toBe(RestockReply);
    expect(registry.bySubject('events.inventory.stock.restocked.v1')).toBe(Restocked);
    expect(registry.bySubject('query.order.get')?.type).toBe('query.order.get');
    expect(registry.bySubject('saga.cmd.inventory.steal')).toBeUndefined();
  });

  it('maps any dead-letter subject to the dead-letter contract', () => {
    expect(deadLetterSubject('saga.cmd.inventory.restock')).toBe('saga.dlq.saga.cmd.inventory.restock');
    expect(registry.bySubject(deadLetterSubject('saga.cmd.inventory.restock'))).toBe(DeadLetterEvent);
    expect(registry.bySubject('saga.dlq')).toBeUndefined();
  });

  it('gives a command its reply of the same version, and nothing to a command without one or to another kind', () => {
    expect(registry.replyFor(ReserveInventoryCommand)).toBe(ReserveInventoryReply);
    expect(registry.replyFor(Restock)).toBe(RestockReply);
    expect(registry.replyFor(RestockV2)).toBeUndefined();
    expect(registry.replyFor(ReserveInventoryReply)).toBeUndefined();
  });

  it('knows only what it was given', () => {
    const platform = new ContractRegistry(PLATFORM_CONTRACTS);

    expect(platform.byType('inventory.restock')).toBeUndefined();
    expect(platform.replyFor(Restock)).toBeUndefined();
    expect(new ContractRegistry([]).byType('inventory.reserve')).toBeUndefined();
  });

  it('registers the reply a command carries with it', () => {
    const reply = defineReply(RestockV2, RestockReplyPayload, 'test');
    const carrying = Object.freeze({ ...RestockV2, reply });

    const given = new ContractRegistry([carrying]);

    expect(given.replyFor(carrying)).toBe(reply);
    expect(given.bySubject('saga.reply.inventory.restock')).toBe(reply);
  });

  it('counts a contract listed twice once', () => {
    const twice = new ContractRegistry([Restocked, Restock, Restock, Restocked]);

    expect(twice.all()).toEqual([Restocked, Restock]);
  });

  it('refuses two different contracts under one type and version', () => {
    const impostor = defineCommand({
      service: 'inventory',
      action: 'restock',
      payload: RestockedPayload,
      description: 'another',
    });

    expect(() => new ContractRegistry([Restock, impostor])).toThrow(DuplicateContractError);
    expect(() => new ContractRegistry([Restock, impostor])).toThrow(
      'two different contracts are registered as inventory.restock v1',
    );
  });
});
