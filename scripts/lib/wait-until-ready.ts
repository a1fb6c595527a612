/**
 * Polls each `/health/ready` URL until it answers 200, gives up after `timeoutMs` or when `signal`
 * aborts. Resolves to the names that never became ready.
 */
export async function waitUntilReady(
  readyUrls: Record<string, string>,
  options: { timeoutMs: number; intervalMs: number; signal: AbortSignal },
): Promise<string[]> {
  const pending = new Set(Object.keys(readyUrls));
  const deadline = Date.now() + options.timeoutMs;
  while (pending.size > 0 && Date.now() < deadline && !options.signal.aborted) {
    await Promise.all(
      [...pending].map(async (name) => {
        const response = await fetch(readyUrls[name], {
          signal: AbortSignal.timeout(options.intervalMs * 10),
        }).catch(() => undefined);
        if (response?.status === 200) pending.delete(name);
      }),
    );
    if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
  }
  return [...pending];
}
