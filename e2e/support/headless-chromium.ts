import { existsSync } from 'node:fs';
import { Browser, chromium } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); `CHROMIUM_PATH` names another build. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** Thrown before any browser work when there is no Chromium to drive: one line, how to get one. */
export class ChromiumMissingError extends Error {
  constructor(path: string) {
    super(
      `Chromium is not installed at ${path}: the admin UI test needs it; install it with ` +
        '`apt-get install chromium` (or set CHROMIUM_PATH to a Chromium executable)',
    );
    this.name = 'ChromiumMissingError';
    // Only the line that says what to do: a stack trace adds nothing here.
    this.stack = this.message;
  }
}

/** The Chromium executable to launch, or the error saying how to install one. */
export function chromiumExecutable(
  env: NodeJS.ProcessEnv = process.env,
  exists: (path: string) => boolean = existsSync,
): string {
  const path = env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH;
  if (!exists(path)) throw new ChromiumMissingError(path);
  return path;
}

/**
 * The system Chromium, headless: no sandbox (it runs as root in containers) and none of its
 * background traffic, so a test's only requests are its own.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumExecutable(),
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
