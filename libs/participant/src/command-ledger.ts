import type { EntityManager } from 'typeorm';
import { FailureCodes } from '@app/contracts';
import {
  inlineStatements,
  qualifiedTable,
  runStatementBatch,
  transactionSlot,
  writeAtCommit,
} from '@app/persistence';
import { Decision, NO_REPLY, NoReply, ReplyBody, refused } from './decision';
import { ProcessedCommand } from './processed-command.entity';

export interface CommandKey {
  /** What identifies the effect across commands of one saga, e.g. the order id or the return id. */
  businessKey: string;
  /** The command's type, e.g. `inventory.reserve`. */
  action: string;
}

export interface CompensationKey extends CommandKey {
  /** The command this one undoes, e.g. `inventory.reserve` for `inventory.release`. */
  compensates: string;
}

/**
 * Makes a participant idempotent per (business key, action) across message ids, and lets a
 * compensation overtake the command it undoes. Every call runs inside the caller's
 * transaction and first takes a per-key advisory lock, so a command, its resend and its
 * compensation are judged one after another, never side by side. Besides the caller's decision it
 * costs one round trip (the lock with the lookup); what it leaves behind is written with the
 * COMMIT inside `runBatchedTransaction`, at once elsewhere.
 */
export class CommandLedger {
  /** A forward command: refused after a tombstone, replayed when already decided, else decided once. */
  command<R extends object>(
    manager: EntityManager,
    key: CommandKey,
    decide: () => Promise<Decision<R>>,
  ): Promise<Decision<R>>;
  command<R extends object>(
    manager: EntityManager,
    key: CommandKey,
    decide: () => Promise<Decision<R> | NoReply>,
  ): Promise<Decision<R> | NoReply>;
  async command<R extends object>(
    manager: EntityManager,
    key: CommandKey,
    decide: () => Promise<Decision<R> | NoReply>,
  ): Promise<Decision<R> | NoReply> {
    const entry = (await lockKeyAndRead(manager, key.businessKey, [key.action])).get(key.action);
    if (entry?.state === 'TOMBSTONE') {
      return refused(
        FailureCodes.ALREADY_COMPENSATED,
        `${key.action} for ${key.businessKey} was compensated before it arrived`,
      );
    }
    if (entry) return replay<R>(entry);
    const decision = await decide();
    if (decision !== NO_REPLY && decision.remember) {
      await record(manager, key.businessKey, [{ action: key.action, state: 'DONE', reply: decision.reply }]);
    }
    return decision;
  }

  /** A compensation: a tombstone stands in for an original never seen, then the undo is decided once. */
  async compensation<R extends object>(
    manager: EntityManager,
    key: CompensationKey,
    decide: () => Promise<Decision<R>>,
  ): Promise<Decision<R>> {
    const entries = await lockKeyAndRead(manager, key.businessKey, [key.action, key.compensates]);
    const entry = entries.get(key.action);
    if (entry) return replay<R>(entry);
    const entering: LedgerEntry[] = entries.has(key.compensates)
      ? []
      : [{ action: key.compensates, state: 'TOMBSTONE', reply: null }];
    const decision = await decide();
    if (decision.remember) entering.push({ action: key.action, state: 'DONE', reply: decision.reply });
    await record(manager, key.businessKey, entering);
    return decision;
  }
}

type LedgerEntry = Pick<ProcessedCommand, 'action' | 'state' | 'reply'>;

/** The key's entries when the transaction's BEGIN took the lock and read them (`ledgerOpening`). */
const openedLedger = transactionSlot<OpenedLedger>('ledger entries read with the BEGIN');

interface OpenedLedger {
  businessKey: string;
  entries: LedgerEntry[];
}

const lockStatement = 'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))';
const entriesStatement = (schema: string, actionFilter: string) =>
  `SELECT "action", "state", "reply" FROM ${qualifiedTable(schema, 'processed_commands')}
   WHERE "business_key" = $2${actionFilter}`;

/**
 * The business key's lock and all its entries, as statements to send with the BEGIN (values
 * inlined): the ledger calls of that transaction then need no round trip of their own. Hand
 * their rows to `rememberLedgerOpening`.
 */
export function ledgerOpening(schema: string, businessKey: string): string[] {
  return inlineStatements(
    [lockStatement, entriesStatement(schema, '')],
    [`${schema}:${businessKey}`, businessKey],
  );
}

/** Keeps the rows of `ledgerOpening` for the ledger calls in `manager`'s transaction. */
export function rememberLedgerOpening(manager: EntityManager, businessKey: string, rows: unknown[][]): void {
  openedLedger.set(manager, { businessKey, entries: rows[1] as LedgerEntry[] });
}

/**
 * Takes the per-key lock, then reads the key's entries for `actions`: one round trip, two
 * statements, so the read's snapshot is taken after the lock and sees what its last holder
 * committed. No round trip when the transaction's BEGIN did both (`ledgerOpening`).
 */
async function lockKeyAndRead(
  manager: EntityManager,
  businessKey: string,
  actions: string[],
): Promise<Map<string, LedgerEntry>> {
  const opened = openedLedger.get(manager);
  if (opened?.businessKey === businessKey) {
    return new Map(
      opened.entries.filter((entry) => actions.includes(entry.action)).map((entry) => [entry.action, entry]),
    );
  }
  const schema = schemaOf(manager);
  const actionList = actions.map((_, index) => `$${index + 3}`).join(', ');
  const [, entries] = await runStatementBatch<LedgerEntry>(
    manager,
    [lockStatement, entriesStatement(schema, ` AND "action" IN (${actionList})`)],
    [`${schema}:${businessKey}`, businessKey, ...actions],
  );
  return new Map(entries.map((entry) => [entry.action, entry]));
}

/** Plain SQL rather than an entity insert, sent with the COMMIT: nothing here needs its answer. */
async function record(manager: EntityManager, businessKey: string, entries: LedgerEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const rows = entries.map(
    (_, index) => `($1, $${2 + index * 3}, $${3 + index * 3}, $${4 + index * 3}::jsonb)`,
  );
  await writeAtCommit(
    manager,
    `INSERT INTO ${qualifiedTable(schemaOf(manager), 'processed_commands')} ("business_key", "action", "state", "reply")
     VALUES ${rows.join(', ')}`,
    [
      businessKey,
      ...entries.flatMap((entry) => [
        entry.action,
        entry.state,
        entry.reply === null ? null : JSON.stringify(entry.reply),
      ]),
    ],
  );
}

function schemaOf(manager: EntityManager): string {
  return manager.connection.getMetadata(ProcessedCommand).schema ?? 'public';
}

/** The reply given the first time, again; its events were published then. */
function replay<R extends object>(entry: LedgerEntry): Decision<R> {
  return { reply: entry.reply as ReplyBody<R>, events: [], remember: false };
}
