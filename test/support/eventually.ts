export interface PollOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

/** Calls `probe` until it returns a value that is not undefined/false, or throws after the timeout. */
export async function pollUntil<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  { timeoutMs = 20_000, intervalMs = 50 }: PollOptions = {},
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value as T;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Retries an assertion until it passes; rethrows its last failure after the timeout. */
export async function expectEventually(
  assertion: () => Promise<void> | void,
  { timeoutMs = 20_000, intervalMs = 50 }: PollOptions = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
