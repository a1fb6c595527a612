import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { lock } from 'proper-lockfile';

export interface BuildIfStaleOptions {
  /** Holds the fingerprint of the sources the last successful build compiled. */
  stampFile: string;
  /** Held while building, so concurrent starts build once and the others wait for it. */
  lockFile: string;
  /** The sources' fingerprint now; called again after the lock is taken. */
  fingerprint: () => string;
  /** Runs the build; resolves to its exit code. */
  build: () => Promise<number>;
  /** How long to wait for another process's build before giving up. */
  waitMs?: number;
}

export type BuildOutcome = { built: boolean; exitCode: number };

/**
 * Builds unless the stamp says the output was built from these very sources. Six apps started
 * together: the first builds, the other five wait on the lock, then find the stamp current.
 */
export async function buildIfStale(options: BuildIfStaleOptions): Promise<BuildOutcome> {
  if (isCurrent(options.stampFile, options.fingerprint())) return { built: false, exitCode: 0 };

  mkdirSync(dirname(options.lockFile), { recursive: true });
  const waitMs = options.waitMs ?? 300_000;
  const release = await lock(options.lockFile, {
    realpath: false,
    lockfilePath: `${options.lockFile}.lock`,
    retries: { retries: Math.ceil(waitMs / 250), factor: 1, minTimeout: 250, maxTimeout: 250 },
  });
  try {
    // Another process may have built while this one waited.
    const fingerprint = options.fingerprint();
    if (isCurrent(options.stampFile, fingerprint)) return { built: false, exitCode: 0 };
    const exitCode = await options.build();
    // Fingerprinted before the build: an edit made during it makes the next start build again.
    if (exitCode === 0) writeStamp(options.stampFile, fingerprint);
    return { built: true, exitCode };
  } finally {
    await release();
  }
}

function isCurrent(stampFile: string, fingerprint: string): boolean {
  return existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === fingerprint;
}

function writeStamp(stampFile: string, fingerprint: string): void {
  mkdirSync(dirname(stampFile), { recursive: true });
  writeFileSync(stampFile, `${fingerprint}\n`);
}
