import { DeadLetterEvent } from '../dead-letter/dead-letter';
import { withDerivedReplies } from '../derived-replies';
import type { MessageContract } from '../message-contract';
import { isQueryContract } from '../query-contract';
import { ReplyPayload } from '../replies/reply-payload';

/** One lowercase name segment: `order`, `request-return`, `v2-items`. */
const SEGMENT = '[a-z][a-z0-9]*(?:-[a-z0-9]+)*';
const segments = (count: number): string => Array<string>(count).fill(SEGMENT).join('\\.');
const whole = (pattern: string): RegExp => new RegExp(`^${pattern}$`);

/** The naming rules of DESIGN "Messaging", per kind: the type's shape and the subject it implies. */
const NAMING: Record<
  MessageContract['kind'],
  { type: RegExp; shape: string; subject(type: string, version: number): string }
> = {
  start: {
    type: whole(`saga\\.start\\.${SEGMENT}`),
    shape: 'saga.start.<saga type>',
    subject: (type) => type,
  },
  command: { type: whole(segments(2)), shape: '<service>.<action>', subject: (type) => `saga.cmd.${type}` },
  reply: {
    type: whole(`${segments(2)}\\.reply`),
    shape: '<service>.<action>.reply',
    subject: (type) => `saga.reply.${type.slice(0, -'.reply'.length)}`,
  },
  event: {
    type: whole(segments(3)),
    shape: '<service>.<entity>.<past-tense action>',
    subject: (type, version) => `events.${type}.v${version}`,
  },
  query: { type: whole(`query\\.${segments(2)}`), shape: 'query.<service>.<name>', subject: (type) => type },
};

/**
 * Everything wrong with a set of contracts, one line each (empty when none): a type or subject
 * that breaks the naming rules of its kind, a version that is not a positive integer, two
 * contracts under one type and version (or one subject and version), a command without its reply
 * or a reply without its command (same version), a reply whose payload is not a ReplyPayload,
 * a query without a result class. Run it over the platform's contracts and over each saga
 * module's own (with the platform's, when the module borrows commands from it).
 */
export function checkContractRules(contracts: readonly MessageContract[]): string[] {
  const distinct = [...new Set(withDerivedReplies(contracts))];
  return [
    ...distinct.flatMap(contractProblems),
    ...duplicates(distinct, (contract) => `type ${contract.type}`),
    ...duplicates(distinct, (contract) => `subject ${contract.subject}`),
    ...pairingProblems(distinct),
  ];
}

function contractProblems(contract: MessageContract): string[] {
  const name = `${contract.kind} ${contract.type} v${contract.version}`;
  const problems: string[] = [];
  if (!Number.isInteger(contract.version) || contract.version < 1) {
    problems.push(`${name}: version must be a positive integer`);
  }
  // The dead letters are the one message whose subject is a pattern: it wraps any other message.
  if (contract === DeadLetterEvent) return problems;
  const naming = NAMING[contract.kind];
  if (!naming) return [...problems, `${name}: unknown kind ${String(contract.kind)}`];
  if (!naming.type.test(contract.type)) {
    problems.push(`${name}: a ${contract.kind} type reads ${naming.shape} (lowercase, dash-separated words)`);
  } else {
    const expected = naming.subject(contract.type, contract.version);
    if (contract.subject !== expected) {
      problems.push(`${name}: subject is ${contract.subject}, the naming rules say ${expected}`);
    }
  }
  if (contract.kind === 'reply' && !(new contract.payload() instanceof ReplyPayload)) {
    problems.push(`${name}: its payload class does not extend ReplyPayload`);
  }
  if (contract.kind === 'query' && !isQueryContract(contract)) {
    problems.push(`${name}: a query contract needs a result class`);
  }
  return problems;
}

function duplicates(
  contracts: readonly MessageContract[],
  key: (contract: MessageContract) => string,
): string[] {
  const seen = new Map<string, number>();
  for (const contract of contracts) {
    const versioned = `${key(contract)} v${contract.version}`;
    seen.set(versioned, (seen.get(versioned) ?? 0) + 1);
  }
  return [...seen]
    .filter(([, count]) => count > 1)
    .map(([versioned, count]) => `${count} contracts share ${versioned}`);
}

function pairingProblems(contracts: readonly MessageContract[]): string[] {
  const has = (kind: MessageContract['kind'], type: string, version: number) =>
    contracts.some(
      (contract) => contract.kind === kind && contract.type === type && contract.version === version,
    );
  return contracts.flatMap((contract) => {
    if (contract.kind === 'command' && !has('reply', `${contract.type}.reply`, contract.version)) {
      return [
        `command ${contract.type} v${contract.version}: no reply contract ${contract.type}.reply v${contract.version}`,
      ];
    }
    if (contract.kind === 'reply' && contract.type.endsWith('.reply')) {
      const command = contract.type.slice(0, -'.reply'.length);
      if (!has('command', command, contract.version)) {
        return [
          `reply ${contract.type} v${contract.version}: no command contract ${command} v${contract.version}`,
        ];
      }
    }
    return [];
  });
}
