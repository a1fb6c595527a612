import type { JetStreamManager, MsgRequest, NatsConnection, NatsError, StoredMsg } from 'nats';
import { toDeadLetterEntry } from './dead-letter-entry';
import type { DeadLetterEntry, DeadLetterPage, DeadLetterQuery, DeadLetterStore } from './dead-letter-store';
import { fromMsgHdrs } from './message-headers';
import { STREAMS } from './streams';

/** JetStream API error codes meaning "no message there". */
const NO_MESSAGE_FOUND = 10037;
const SEQUENCE_NOT_FOUND = 10043;
const STORE_EOF = 10057;

export interface JetStreamDeadLetterStoreOptions {
  /** Default `SAGA_DLQ`. */
  stream?: string;
  /**
   * Most messages one `list` call reads when filtering by saga id (default 1000): a page may then
   * hold fewer than `limit` entries, and its cursor goes on where the scan stopped.
   */
  maxScan?: number;
}

/**
 * The dead-letter stream read message by message through the JetStream API (`STREAM.MSG.GET`
 * with `next_by_subj`, which skips deleted sequences) and pruned with `STREAM.MSG.DELETE`.
 * No consumer is created, so listing leaves no state on the server.
 */
export class JetStreamDeadLetterStore implements DeadLetterStore {
  private readonly stream: string;
  private readonly maxScan: number;
  private manager?: Promise<JetStreamManager>;

  constructor(
    private readonly connection: NatsConnection,
    options: JetStreamDeadLetterStoreOptions = {},
  ) {
    this.stream = options.stream ?? STREAMS.SAGA_DLQ.name;
    this.maxScan = options.maxScan ?? 1_000;
  }

  async list(query: DeadLetterQuery): Promise<DeadLetterPage> {
    const items: DeadLetterEntry[] = [];
    let last = query.after ?? 0;
    for (let scanned = 0; items.length < query.limit && scanned < this.maxScan; scanned += 1) {
      const message = await this.firstFrom(last + 1);
      if (!message) return { items, nextCursor: null };
      last = message.seq;
      const entry = toDeadLetterEntry(toStored(message));
      if (matches(entry, query)) items.push(entry);
    }
    return { items, nextCursor: (await this.firstFrom(last + 1)) ? last : null };
  }

  async get(id: number): Promise<DeadLetterEntry | undefined> {
    const jsm = await this.jsm();
    const message = await orUndefined(() => jsm.streams.getMessage(this.stream, { seq: id }));
    return message ? toDeadLetterEntry(toStored(message)) : undefined;
  }

  async remove(id: number): Promise<boolean> {
    const jsm = await this.jsm();
    const removed = await orUndefined(() => jsm.streams.deleteMessage(this.stream, id, false));
    return removed === true;
  }

  /** The first message at or after `seq`, if any. */
  private async firstFrom(seq: number): Promise<StoredMsg | undefined> {
    const jsm = await this.jsm();
    // nats-server 2.9+ takes `next_by_subj` on STREAM.MSG.GET; nats.js types it for direct gets only.
    const query = { seq, next_by_subj: '>' } as unknown as MsgRequest;
    return orUndefined(() => jsm.streams.getMessage(this.stream, query));
  }

  private jsm(): Promise<JetStreamManager> {
    this.manager ??= this.connection.jetstreamManager().catch((error: unknown) => {
      this.manager = undefined;
      throw error;
    });
    return this.manager;
  }
}

/** Whether the entry passes every filter the query sets. */
function matches(entry: DeadLetterEntry, query: DeadLetterQuery): boolean {
  return (
    (query.sagaId === undefined || entry.sagaId === query.sagaId) &&
    (query.subject === undefined || entry.originalSubject === query.subject) &&
    (query.consumer === undefined || entry.consumer === query.consumer)
  );
}

function toStored(message: StoredMsg) {
  return {
    seq: message.seq,
    subject: message.subject,
    headers: fromMsgHdrs(message.header),
    body: message.data,
    storedAt: message.time,
  };
}

async function orUndefined<T>(lookup: () => Promise<T>): Promise<T | undefined> {
  try {
    return await lookup();
  } catch (error) {
    const code = (error as NatsError).api_error?.err_code;
    if (code === NO_MESSAGE_FOUND || code === SEQUENCE_NOT_FOUND || code === STORE_EOF) return undefined;
    throw error;
  }
}
