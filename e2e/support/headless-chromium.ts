import { Browser, chromium } from 'playwright-core';

/**
 * The system Chromium (`apt-get install chromium`), headless: no sandbox (it runs as root in
 * containers) and none of its background traffic, so a test's only requests are its own.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
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
