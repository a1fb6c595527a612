import type { ChildProcess } from 'node:child_process';

/** Resolves once the child has exited (immediately if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Asks a child to stop with `signal`, kills it if it is still running after `timeoutMs`.
 * Resolves true when it stopped on its own, false when it had to be killed.
 */
export async function stopChild(
  child: ChildProcess,
  timeoutMs: number,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  child.kill(signal);
  await exited(child);
  clearTimeout(timer);
  return !killed;
}
