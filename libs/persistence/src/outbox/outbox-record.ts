/** One message waiting in the outbox; `id` is published as `Nats-Msg-Id`, so JetStream drops a re-publish. */
export interface OutboxRecord {
  id: string;
  subject: string;
  headers: Record<string, string>;
  payload: unknown;
}

/** The LISTEN/NOTIFY channel that wakes the schema's relay. */
export function outboxChannel(schema: string): string {
  return `${schema}_outbox`;
}
