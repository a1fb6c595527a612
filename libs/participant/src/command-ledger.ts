import type { EntityManager } from 'typeorm';
import { FailureCodes } from '@app/contracts';
import { qualifiedTable, runStatementBatch } from '@app/persistence';
import { Decision, NO_REPLY, NoReply, ReplyBody, refused } from './decision';
import { ProcessedCommand } from './processed-command.entity';

export interface CommandKey {
  orderId: string;
  /** The command's type, e.g. `inventory.reserve`. */
  action: string;
}

export interface CompensationKey extends CommandKey {
  /** The command this one undoes, e.g. `inventory.reserve` for `inventory.release`. */
  compensates: string;
}

/**
 * Makes a participant idempotent per (order, action) across message ids, and lets a
 * compensation overtake the command it undoes. Every call runs inside the caller's
 * transaction and first takes a per-order advisory lock, so a command, its resend and its
 * compensation are judged one after another, never side by side. Besides the caller's decision it
 * costs two round trips: the lock with the lookup, and one INSERT of what it leaves behind.
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
    const entry = (await lockOrderAndRead(manager, key.orderId, [key.action])).get(key.action);
    if (entry?.state === 'TOMBSTONE') {
      return refused(
        FailureCodes.ALREADY_COMPENSATED,
        `${key.action} for order ${key.orderId} was compensated before it arrived`,
      );
    }
    if (entry) return replay<R>(entry);
    const decision = await decide();
    if (decision !== NO_REPLY && decision.remember) {
      await record(manager, key.orderId, [{ action: key.action, state: 'DONE', reply: decision.reply }]);
    }
    return decision;
  }

  /** A compensation: a tombstone stands in for an original never seen, then the undo is decided once. */
  async compensation<R extends object>(
    manager: EntityManager,
    key: CompensationKey,
    decide: () => Promise<Decision<R>>,
  ): Promise<Decision<R>> {
    const entries = await lockOrderAndRead(manager, key.orderId, [key.action, key.compensates]);
    const entry = entries.get(key.action);
    if (entry) return replay<R>(entry);
    const entering: LedgerEntry[] = entries.has(key.compensates)
      ? []
      : [{ action: key.compensates, state: 'TOMBSTONE', reply: null }];
    const decision = await decide();
    if (decision.remember) entering.push({ action: key.action, state: 'DONE', reply: decision.reply });
    await record(manager, key.orderId, entering);
    return decision;
  }
}

type LedgerEntry = Pick<ProcessedCommand, 'action' | 'state' | 'reply'>;

/**
 * Takes the per-order lock, then reads the order's entries for `actions`: one round trip, two
 * statements, so the read's snapshot is taken after the lock and sees what its last holder committed.
 */
async function lockOrderAndRead(
  manager: EntityManager,
  orderId: string,
  actions: string[],
): Promise<Map<string, LedgerEntry>> {
  const schema = schemaOf(manager);
  const actionList = actions.map((_, index) => `$${index + 3}`).join(', ');
  const [, entries] = await runStatementBatch<LedgerEntry>(
    manager,
    [
      'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))',
      `SELECT "action", "state", "reply" FROM ${qualifiedTable(schema, 'processed_commands')}
       WHERE "order_id" = $2 AND "action" IN (${actionList})`,
    ],
    [`${schema}:${orderId}`, orderId, ...actions],
  );
  return new Map(entries.map((entry) => [entry.action, entry]));
}

/** Plain SQL rather than an entity insert: no metadata work and no RETURNING of the defaults. */
async function record(manager: EntityManager, orderId: string, entries: LedgerEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await manager.query(
    `INSERT INTO ${qualifiedTable(schemaOf(manager), 'processed_commands')} ("order_id", "action", "state", "reply")
     SELECT $1::uuid, * FROM unnest($2::text[], $3::text[], $4::jsonb[])`,
    [
      orderId,
      entries.map((entry) => entry.action),
      entries.map((entry) => entry.state),
      entries.map((entry) => (entry.reply === null ? null : JSON.stringify(entry.reply))),
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
