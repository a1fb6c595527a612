import { Headers, subjectMatches } from '@app/contracts';
import type { DeadLetterEntry } from './dead-letter-store';

/**
 * Where a replay may publish: the streams whose messages a saga consumes. Anything else (a
 * domain event, a query, the dead-letter stream itself, a subject someone wrote into a record by
 * hand) would reach consumers that never lost it, or nobody at all.
 */
export const REPLAYABLE_SUBJECTS = ['saga.start.>', 'saga.cmd.>', 'saga.reply.>'] as const;

/** A concrete subject: dot-separated tokens of printable characters, no wildcards. */
const CONCRETE_SUBJECT = /^[^\s.*>]+(\.[^\s.*>]+)*$/;

/** Why a subject may not be replayed to, or undefined when it may. */
export function replaySubjectRefusal(subject: string): string | undefined {
  if (!CONCRETE_SUBJECT.test(subject)) return `'${subject}' is not a concrete NATS subject`;
  if (REPLAYABLE_SUBJECTS.some((pattern) => subjectMatches(pattern, subject))) return undefined;
  return `'${subject}' is outside ${REPLAYABLE_SUBJECTS.join(', ')}: only saga starts, commands and replies are replayed`;
}

/** Why `entry` cannot be replayed, or undefined when it can. */
export function replayRefusal(entry: DeadLetterEntry): string | undefined {
  return replaySubjectRefusal(entry.originalSubject) ?? (entry.replayable ? undefined : entry.reason);
}

/** Joins the original message id and the dead-letter entry in a replay's id. */
const REPLAY_MARK = ':replay:';

export interface ReplayMessage {
  subject: string;
  headers: Record<string, string>;
  body: string;
  msgId: string;
}

/**
 * What replaying a dead letter publishes: the original body and headers on the original
 * subject (check `replayRefusal` first), under a new `Nats-Msg-Id` (the original id may still be in the stream's duplicate
 * window, and a consumer never recorded it as handled). The new id is derived from the entry,
 * so replaying one entry twice, e.g. after its deletion failed, is stored once. Headers the
 * server acts on (`Nats-Expected-*`, `Nats-Rollup`, …) are not carried over.
 */
export function replayOf(entry: DeadLetterEntry): ReplayMessage {
  const originalId = entry.headers[Headers.messageId] ?? 'unknown';
  const headers = Object.fromEntries(
    Object.entries(entry.headers).filter(([name]) => !name.toLowerCase().startsWith('nats-')),
  );
  return {
    subject: entry.originalSubject,
    headers,
    body: entry.payload,
    msgId: `${originalId}${REPLAY_MARK}${entry.id}`,
  };
}

/**
 * The id a message was first published under: for a replay (`replayOf`, of a replay too), the
 * original's; any other id as it is. A reply names the command it answers by id, so a reply to a
 * replayed command is matched with the command the saga sent through this.
 */
export function originalMessageId(messageId: string): string {
  const at = messageId.indexOf(REPLAY_MARK);
  return at === -1 ? messageId : messageId.slice(0, at);
}
