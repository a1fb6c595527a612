import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { storedMessage } from '@app/messaging';
import { enqueueOutbox } from '@app/persistence';
import type { OutgoingPayload } from '@app/platform';

/**
 * Puts domain events that no saga command caused (e.g. an operator setting stock) in the
 * outbox, in the caller's transaction; their ids come from the ambient correlation context.
 */
export async function enqueueEvents(
  manager: EntityManager,
  schema: string,
  events: OutgoingPayload[],
): Promise<void> {
  await enqueueOutbox(
    manager,
    schema,
    events.map(({ contract, payload }) => storedMessage(contract, payload, { messageId: randomUUID() })),
  );
}
