import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Nest's RPC exception filter turns whatever a handler throws into `{status, message}`, which
 * would hide whether it was a `TransientError` or a `PermanentError`. `@HandlesMessage`
 * records the original here on its way out, and the server reads it back.
 */
const slot = new AsyncLocalStorage<{ error?: unknown }>();

export function recordHandlerError(error: unknown): void {
  const store = slot.getStore();
  if (store) store.error = error;
}

/** Runs a Nest handler invocation; a failure rethrows the handler's own error when one was recorded. */
export async function withOriginalHandlerError<T>(invocation: () => Promise<T>): Promise<T> {
  const store: { error?: unknown } = {};
  try {
    return await slot.run(store, invocation);
  } catch (filtered) {
    if ('error' in store) throw store.error;
    throw filtered instanceof Error ? filtered : new Error(describe(filtered));
  }
}

function describe(filtered: unknown): string {
  if (typeof filtered === 'object' && filtered !== null && 'message' in filtered)
    return String(filtered.message);
  return String(filtered);
}
