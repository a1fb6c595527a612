import { withDerivedReplies } from './derived-replies';
import type { MessageContract } from './message-contract';
import type { ReplyPayload } from './replies/reply-payload';
import { subjectMatches } from './subject-matches';

export class DuplicateContractError extends Error {
  constructor(contract: MessageContract) {
    super(`two different contracts are registered as ${contract.type} v${contract.version}`);
    this.name = 'DuplicateContractError';
  }
}

/**
 * The messages one process knows, looked up by type, subject or command. It holds exactly what
 * it was built from (the platform's contracts and those of the saga modules the process was
 * given), so a saga of one's own needs no change here. The same contract listed twice (a module
 * re-listing a platform message) counts once, and a command that carries its reply brings it; two different contracts under one type and
 * version are refused, since a receiver could not tell which one a message means.
 */
export class ContractRegistry {
  private readonly contracts: readonly MessageContract[];

  constructor(contracts: Iterable<MessageContract>) {
    const byKey = new Map<string, MessageContract>();
    for (const contract of withDerivedReplies(contracts)) {
      const key = `${contract.type}@${contract.version}`;
      const known = byKey.get(key);
      if (known && known !== contract) throw new DuplicateContractError(contract);
      byKey.set(key, contract);
    }
    this.contracts = Object.freeze([...byKey.values()]);
  }

  all(): readonly MessageContract[] {
    return this.contracts;
  }

  /** The contract sent with `message-type: type` (and `message-version: version`, else the newest). */
  byType(type: string, version?: number): MessageContract | undefined {
    return newestOrExactly(
      this.contracts.filter((contract) => contract.type === type),
      version,
    );
  }

  /**
   * The contract of a message received on `subject`: an exact subject first, else a contract
   * whose subject is a wildcard pattern (the dead-letter stream `saga.dlq.>`).
   */
  bySubject(subject: string, version?: number): MessageContract | undefined {
    const exact = this.contracts.filter((contract) => contract.subject === subject);
    if (exact.length > 0) return newestOrExactly(exact, version);
    return newestOrExactly(
      this.contracts.filter((contract) => subjectMatches(contract.subject, subject)),
      version,
    );
  }

  /** The reply contract of a command contract (`<type>.reply`, same version); undefined for any other kind. */
  replyFor(command: MessageContract): MessageContract<ReplyPayload> | undefined {
    if (command.kind !== 'command') return undefined;
    const reply = this.byType(`${command.type}.reply`, command.version);
    // Every reply contract is built by defineReply, which only accepts ReplyPayload classes.
    return reply?.kind === 'reply' ? (reply as MessageContract<ReplyPayload>) : undefined;
  }
}

/** The newest of `candidates`, or the one with exactly `version` when given. */
function newestOrExactly(
  candidates: readonly MessageContract[],
  version?: number,
): MessageContract | undefined {
  if (version !== undefined) return candidates.find((contract) => contract.version === version);
  return candidates.reduce<MessageContract | undefined>(
    (newest, contract) => (newest && newest.version >= contract.version ? newest : contract),
    undefined,
  );
}
