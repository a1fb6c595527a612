import { AsyncLocalStorage } from 'node:async_hooks';

/** Ids that follow one unit of work (an HTTP request, a message) through logs and outgoing messages. */
export interface CorrelationContext {
  correlationId?: string;
  causationId?: string;
  sagaId?: string;
  messageId?: string;
}

const storage = new AsyncLocalStorage<CorrelationContext>();

export function runWithContext<T>(context: CorrelationContext, work: () => T): T {
  return storage.run({ ...storage.getStore(), ...context }, work);
}

export function currentContext(): CorrelationContext {
  return storage.getStore() ?? {};
}
