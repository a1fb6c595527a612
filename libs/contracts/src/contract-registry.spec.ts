import { validateSync } from 'class-validator';
import { ReserveInventoryCommand } from './commands/reserve-inventory/reserve-inventory.command';
import { ALL_CONTRACTS, contractBySubject, contractByType, replyContractFor } from './contract-registry';
import { DeadLetterEvent, deadLetterSubject } from './dead-letter/dead-letter';
import type { MessageContract } from './message-contract';
import { isQueryContract } from './query-contract';
import { ReserveInventoryReply } from './replies/reserve-inventory/reserve-inventory.reply';
import { ReplyPayload } from './replies/reply-payload';

const ofKind = (kind: MessageContract['kind']) => ALL_CONTRACTS.filter((contract) => contract.kind === kind);

describe('ALL_CONTRACTS', () => {
  it('has one contract per type and version, and one per subject and version', () => {
    const keys = (key: (contract: MessageContract) => string) => ALL_CONTRACTS.map(key);
    const typeKeys = keys((contract) => `${contract.type} v${contract.version}`);
    const subjectKeys = keys((contract) => `${contract.subject} v${contract.version}`);
    expect(new Set(typeKeys).size).toBe(typeKeys.length);
    expect(new Set(subjectKeys).size).toBe(subjectKeys.length);
  });

  it('holds every message: DESIGN’s 1 start, 9 commands, 9 replies, 12 events (with the DLQ), 7 queries, and the saga-finished event', () => {
    expect(ALL_CONTRACTS.map((contract) => contract.kind).sort()).toEqual(
      [
        ...Array<string>(9).fill('command'),
        ...Array<string>(13).fill('event'),
        ...Array<string>(7).fill('query'),
        ...Array<string>(9).fill('reply'),
        'start',
      ].sort(),
    );
  });

  it.each(ofKind('command').map((contract) => [contract.type, contract] as const))(
    'command %s follows the naming rules, requires an orderId and has a reply',
    (_type, command) => {
      const [service, action] = command.type.split('.');
      expect(command.subject).toBe(`saga.cmd.${service}.${action}`);
      const errors = validateSync(new command.payload(), { skipMissingProperties: false });
      expect(errors.map((error) => error.property)).toContain('orderId');
      expect(replyContractFor(command)?.subject).toBe(`saga.reply.${service}.${action}`);
    },
  );

  it.each(ofKind('reply').map((contract) => [contract.type, contract] as const))(
    'reply %s extends ReplyPayload',
    (type, reply) => {
      expect(type).toMatch(/^[a-z]+\.[a-z]+\.reply$/);
      expect(new reply.payload()).toBeInstanceOf(ReplyPayload);
    },
  );

  it.each(ofKind('event').map((contract) => [contract.type, contract] as const))(
    'event %s has a subject events.<service>.<entity>.<action>.v<N>',
    (type, event) => {
      if (event === DeadLetterEvent) return;
      expect(type.split('.')).toHaveLength(3);
      expect(event.subject).toBe(`events.${type}.v${event.version}`);
    },
  );

  it('gives every query a result class and a query.<service>.<name> subject', () => {
    for (const query of ofKind('query')) {
      expect(isQueryContract(query)).toBe(true);
      expect(query.subject).toMatch(/^query\.[a-z]+\.[a-z-]+$/);
    }
  });
});

describe('lookups', () => {
  it('finds a contract by type, by type and version, and not an unknown one', () => {
    expect(contractByType('inventory.reserve')).toBe(ReserveInventoryCommand);
    expect(contractByType('inventory.reserve', 1)).toBe(ReserveInventoryCommand);
    expect(contractByType('inventory.reserve', 2)).toBeUndefined();
    expect(contractByType('inventory.steal')).toBeUndefined();
  });

  it('finds a contract by subject', () => {
    expect(contractBySubject('saga.reply.inventory.reserve')).toBe(ReserveInventoryReply);
    expect(contractBySubject('events.order.order.approved.v1')?.type).toBe('order.order.approved');
    expect(contractBySubject('query.order.get')?.type).toBe('query.order.get');
    expect(contractBySubject('saga.cmd.inventory.steal')).toBeUndefined();
  });

  it('maps any dead-letter subject to the dead-letter contract', () => {
    expect(deadLetterSubject('saga.cmd.inventory.reserve')).toBe('saga.dlq.saga.cmd.inventory.reserve');
    expect(contractBySubject(deadLetterSubject('saga.cmd.inventory.reserve'))).toBe(DeadLetterEvent);
    expect(contractBySubject('saga.dlq')).toBeUndefined();
  });

  it('has no reply contract for a message that is not a command', () => {
    expect(replyContractFor(ReserveInventoryReply)).toBeUndefined();
  });
});
