import type { Type } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type CommandContract, type Envelope, FailureCodes, type MessageContract } from '@app/contracts';
import { PermanentError } from '@app/messaging';
import type { TransactionOpening } from '@app/persistence';
import { CommandLedger } from './command-ledger';
import type { Decision, NoReply } from './decision';
import { type ReplyAddress, replyAddressOf } from './reply-contract';

/** What a handler knows about the command besides its payload. */
export interface CommandContext<P = unknown> {
  /** The key the ledger keeps this command's effect under (the saga's business key). */
  businessKey: string;
  envelope: Envelope<P>;
}

/**
 * A command's decision: reads and writes through `manager` (the command's transaction) and says
 * what to answer. It never calls the ledger: resends, replays and tombstones are the table's.
 */
export type CommandDecider<S, P extends object, R extends object> = (
  service: S,
  manager: EntityManager,
  payload: P,
  context: CommandContext<P>,
) => Promise<Decision<R> | NoReply>;

/** A compensation always answers: the saga waits for it before it can finish. */
export type CompensationDecider<S, P extends object, R extends object> = (
  service: S,
  manager: EntityManager,
  payload: P,
  context: CommandContext<P>,
) => Promise<Decision<R>>;

/**
 * The business key a command must reach the ledger under, named by its payload: e.g. a return's
 * commands keyed by its return id, so two returns of one order are two effects, not one replayed.
 */
export interface DeclaredBusinessKey<P extends object> {
  /** What the key is, for the dead letter's reason: e.g. `return id`. */
  name: string;
  of: (payload: P) => string;
}

export interface HandlingOptions<P extends object> {
  /** Statements sent with the transaction's BEGIN for this command (locks, rows the decision reads). */
  openings?: (payload: P) => TransactionOpening[];
  /**
   * When declared, a command keyed otherwise (e.g. by its order id: sent without a `business-key`
   * header) is dead-lettered before the ledger is asked: nothing is decided, replayed or remembered.
   */
  businessKey?: DeclaredBusinessKey<P>;
}

export interface CommandOptions<S, P extends object> extends HandlingOptions<P> {
  /**
   * Runs when the command arrives after its compensation (it is refused ALREADY_COMPENSATED
   * without being decided): for a trace of it to keep, e.g. an order recorded as cancelled.
   */
  whenCompensatedFirst?: (
    service: S,
    manager: EntityManager,
    payload: P,
    context: CommandContext<P>,
  ) => Promise<void>;
}

/** One row of a participant's table: a command, how to decide it, and where its reply goes. */
export interface CommandEntry<S> {
  readonly contract: MessageContract;
  /** The reply the command declares, else `<type>.reply` on `saga.reply.<service>.<action>`. */
  readonly reply: ReplyAddress;
  /** The command this one compensates, for a compensation. */
  readonly undoes?: MessageContract;
  openings(payload: object): TransactionOpening[];
  /** The decision as the ledger lets it happen: decided once, replayed to a resend, refused after a tombstone. */
  decide(service: S, manager: EntityManager, context: CommandContext<object>): Promise<Decision | NoReply>;
}

/** A command built without its reply's result (`defineReply` beside it): any result goes. */
type UndeclaredCommand<P extends object> = MessageContract<P> & { reply?: never };

/** The reply result a command declares (`defineCommand`'s `result`); none: an empty object. */
export type DeclaredResult<R> = R extends object ? R : Record<string, never>;

const ledger = new CommandLedger();

/**
 * A forward command of the table. When the command declares its reply's result, the decider's
 * result is checked against it.
 */
export function handle<S, P extends object, R>(
  contract: CommandContract<P, R>,
  decide: CommandDecider<S, P, NoInfer<DeclaredResult<R>>>,
  options?: CommandOptions<S, P>,
): CommandEntry<S>;
export function handle<S, P extends object, R extends object>(
  contract: UndeclaredCommand<P>,
  decide: CommandDecider<S, P, R>,
  options?: CommandOptions<S, P>,
): CommandEntry<S>;
export function handle<S, P extends object, R extends object>(
  contract: MessageContract<P>,
  decide: CommandDecider<S, P, R>,
  options: CommandOptions<S, P> = {},
): CommandEntry<S> {
  const action = contract.type;
  return {
    contract,
    reply: replyAddressOf(contract),
    openings: openingsOf(options),
    decide: async (service, manager, context) => {
      const typed = context as CommandContext<P>;
      refuseForeignKey(typed, options.businessKey);
      let decided = false;
      const decision = await ledger.command(manager, { businessKey: context.businessKey, action }, () => {
        decided = true;
        return decide(service, manager, typed.envelope.payload, typed);
      });
      // Only the ledger answers ALREADY_COMPENSATED without deciding: it found the tombstone.
      if (options.whenCompensatedFirst && !decided && compensatedFirst(decision)) {
        await options.whenCompensatedFirst(service, manager, typed.envelope.payload, typed);
      }
      return decision;
    },
  };
}

/** A compensation of the table: `undoes` is the command it compensates, of the same participant. */
export function compensate<S, P extends object, R>(
  contract: CommandContract<P, R>,
  undone: { undoes: MessageContract },
  decide: CompensationDecider<S, P, NoInfer<DeclaredResult<R>>>,
  options?: HandlingOptions<P>,
): CommandEntry<S>;
export function compensate<S, P extends object, R extends object>(
  contract: UndeclaredCommand<P>,
  undone: { undoes: MessageContract },
  decide: CompensationDecider<S, P, R>,
  options?: HandlingOptions<P>,
): CommandEntry<S>;
export function compensate<S, P extends object, R extends object>(
  contract: MessageContract<P>,
  { undoes }: { undoes: MessageContract },
  decide: CompensationDecider<S, P, R>,
  options: HandlingOptions<P> = {},
): CommandEntry<S> {
  if (serviceOf(undoes) !== serviceOf(contract)) {
    throw new Error(
      `${contract.type} cannot compensate ${undoes.type}: a participant compensates only its own commands`,
    );
  }
  const key = { action: contract.type, compensates: undoes.type };
  return {
    contract,
    reply: replyAddressOf(contract),
    undoes,
    openings: openingsOf(options),
    decide: async (service, manager, context) => {
      const typed = context as CommandContext<P>;
      refuseForeignKey(typed, options.businessKey);
      return ledger.compensation(manager, { ...key, businessKey: context.businessKey }, () =>
        decide(service, manager, typed.envelope.payload, typed),
      );
    },
  };
}

/** The commands one injectable decides, e.g. `commandTable(OrderService, [handle(…), compensate(…)])`. */
export interface CommandTable<S> {
  /** The Nest provider whose instance the deciders get as `service`. */
  readonly service: Type<S>;
  readonly entries: readonly CommandEntry<S>[];
  /** The entry of `contract`, or undefined. */
  entryFor(contract: MessageContract): CommandEntry<S> | undefined;
}

export function commandTable<S>(service: Type<S>, entries: CommandEntry<S>[]): CommandTable<S> {
  const byType = new Map<string, CommandEntry<S>>();
  for (const entry of entries) {
    if (byType.has(entry.contract.type)) {
      throw new Error(`${entry.contract.type} is handled twice in ${service.name}'s command table`);
    }
    byType.set(entry.contract.type, entry);
  }
  return Object.freeze({
    service,
    entries: Object.freeze([...entries]),
    entryFor: (contract: MessageContract) => byType.get(contract.type),
  });
}

/** A sender that does not key by the saga's business key is a wiring mistake, not a business outcome: no reply, a dead letter. */
function refuseForeignKey<P extends object>(
  { businessKey, envelope }: CommandContext<P>,
  declared: DeclaredBusinessKey<P> | undefined,
): void {
  if (declared === undefined) return;
  const expected = declared.of(envelope.payload);
  if (businessKey !== expected) {
    throw new PermanentError(
      `${envelope.type} of ${declared.name} ${expected} came keyed by ${businessKey}: ` +
        `it must carry its ${declared.name} as business key`,
    );
  }
}

function openingsOf<P extends object>(options: HandlingOptions<P>) {
  return (payload: object) => options.openings?.(payload as P) ?? [];
}

function compensatedFirst(decision: Decision | NoReply): boolean {
  return typeof decision === 'object' && decision.reply.error?.code === FailureCodes.ALREADY_COMPENSATED;
}

/** `order` of `saga.cmd.order.create`. */
function serviceOf(contract: MessageContract): string {
  return contract.subject.split('.')[2] ?? contract.subject;
}
