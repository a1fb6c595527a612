/** One message parked in `SAGA_DLQ`, as an operator sees it. */
export interface DeadLetterEntry {
  /** Its sequence in the dead-letter stream: stable, unique, and the order it arrived in. */
  id: number;
  /** From the `saga-id` header of the dead letter (or of the original message); null when it has none. */
  sagaId: string | null;
  originalSubject: string;
  /** The original message's headers. */
  headers: Record<string, string>;
  /** The original body as received: possibly not JSON, possibly truncated to fit the stream. */
  payload: string;
  reason: string;
  deliveryCount: number;
  /** The durable consumer that gave up on the message; null when the record does not say. */
  consumer: string | null;
  /** When it was dead-lettered (ISO-8601). */
  at: string;
  /** False for a record that is not a readable dead letter: it can be listed and deleted, not replayed. */
  replayable: boolean;
}

export interface DeadLetterQuery {
  /** Only entries after this id (the previous page's `nextCursor`); from the start when absent. */
  after?: number;
  limit: number;
  sagaId?: string;
  /** Only letters whose original message went to this subject (exact match). */
  subject?: string;
  /** Only letters the durable consumer of this name gave up on. */
  consumer?: string;
}

export interface DeadLetterPage {
  /** Oldest first. */
  items: DeadLetterEntry[];
  /** Pass as `after` for the next page; null when the stream holds nothing after this page. */
  nextCursor: number | null;
}

/** Reads and removes dead letters; an operator replays them by publishing `replayOf(entry)`. */
export interface DeadLetterStore {
  list(query: DeadLetterQuery): Promise<DeadLetterPage>;
  get(id: number): Promise<DeadLetterEntry | undefined>;
  /** False when no entry has this id (never had, or already removed). */
  remove(id: number): Promise<boolean>;
}
