import type { EntityManager } from 'typeorm';
import { FailureCodes } from '@app/contracts';
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
 * compensation are judged one after another, never side by side.
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
    await lockOrder(manager, key.orderId);
    const entry = await find(manager, key);
    if (entry?.state === 'TOMBSTONE') {
      return refused(
        FailureCodes.ALREADY_COMPENSATED,
        `${key.action} for order ${key.orderId} was compensated before it arrived`,
      );
    }
    if (entry) return replay<R>(entry);
    return remembered(manager, key, await decide());
  }

  /** A compensation: a tombstone stands in for an original never seen, then the undo is decided once. */
  async compensation<R extends object>(
    manager: EntityManager,
    key: CompensationKey,
    decide: () => Promise<Decision<R>>,
  ): Promise<Decision<R>> {
    await lockOrder(manager, key.orderId);
    const entry = await find(manager, key);
    if (entry) return replay<R>(entry);
    const original = await find(manager, { orderId: key.orderId, action: key.compensates });
    if (!original) {
      await manager.insert(ProcessedCommand, {
        orderId: key.orderId,
        action: key.compensates,
        state: 'TOMBSTONE',
        reply: null,
      });
    }
    return remembered(manager, key, await decide());
  }
}

async function lockOrder(manager: EntityManager, orderId: string): Promise<void> {
  const schema = manager.connection.getMetadata(ProcessedCommand).schema ?? 'public';
  await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`${schema}:${orderId}`]);
}

function find(manager: EntityManager, key: CommandKey): Promise<ProcessedCommand | null> {
  return manager.findOneBy(ProcessedCommand, { orderId: key.orderId, action: key.action });
}

/** The reply given the first time, again; its events were published then. */
function replay<R extends object>(entry: ProcessedCommand): Decision<R> {
  return { reply: entry.reply as ReplyBody<R>, events: [], remember: false };
}

async function remembered<T extends Decision | NoReply>(
  manager: EntityManager,
  key: CommandKey,
  decision: T,
): Promise<T> {
  if (decision !== NO_REPLY && decision.remember) {
    await manager.insert(ProcessedCommand, {
      orderId: key.orderId,
      action: key.action,
      state: 'DONE',
      reply: decision.reply,
    });
  }
  return decision;
}
