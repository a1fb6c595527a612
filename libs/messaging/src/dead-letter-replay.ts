import { Headers } from '@app/contracts';
import type { DeadLetterEntry } from './dead-letter-store';

export interface ReplayMessage {
  subject: string;
  headers: Record<string, string>;
  body: string;
  msgId: string;
}

/**
 * What replaying a dead letter publishes: the original body and headers on the original
 * subject, under a new `Nats-Msg-Id` (the original id may still be in the stream's duplicate
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
    msgId: `${originalId}:replay:${entry.id}`,
  };
}
