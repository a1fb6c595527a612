import { AsyncLocalStorage } from 'node:async_hooks';
import { errorMessage } from './errors';
import type { MessagingLogger } from './messaging-logger';

type DeferredTask = () => Promise<void>;

const deferredTasks = new AsyncLocalStorage<DeferredTask[]>();

/**
 * Inside a JetStream consumer's handler: runs `task` right after the consumer settles the message
 * (ack, nak or term), in the same tick, so the settlement and whatever `task` publishes leave in
 * one write to the server; resolves at once. Outside a handler: runs `task` now and resolves when
 * it does.
 *
 * For work that is already durable and whose outcome the message's settlement must not wait for:
 * publishing committed outbox rows, whose publish the relay retries if this one fails.
 */
export function afterAcknowledgement(task: DeferredTask): Promise<void> {
  const tasks = deferredTasks.getStore();
  if (!tasks) return task();
  tasks.push(task);
  return Promise.resolve();
}

/** Runs `handle` with a place for `afterAcknowledgement` tasks; the caller starts them with `startDeferred` once it has settled the message. */
export function collectDeferred<T>(tasks: DeferredTask[], handle: () => Promise<T>): Promise<T> {
  return deferredTasks.run(tasks, handle);
}

/** Starts every collected task without waiting for it; a task that fails is logged. */
export function startDeferred(tasks: DeferredTask[], logger: MessagingLogger): void {
  const failed = (error: unknown) =>
    logger.error(`work deferred until acknowledgement failed: ${errorMessage(error)}`);
  for (const task of tasks.splice(0)) {
    // Called synchronously: what the task publishes joins the settlement's write.
    try {
      task().catch(failed);
    } catch (error) {
      failed(error);
    }
  }
}
