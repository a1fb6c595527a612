import type { OutboxMessage, OutboxPort } from '@app/saga-core';

/** Collects enqueued messages in order. */
export class InMemoryOutbox implements OutboxPort {
  readonly messages: OutboxMessage[] = [];

  async enqueue(messages: readonly OutboxMessage[]): Promise<void> {
    this.messages.push(...messages);
  }
}
