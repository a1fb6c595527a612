import { join } from 'node:path';
import {
  ChromiumMissingError,
  DEFAULT_CHROMIUM_PATH,
  chromiumExecutable,
  launchChromium,
} from '../e2e/support/headless-chromium';

/** The admin UI test's prerequisite: without Chromium it stops with one line saying how to get it. */
describe('chromiumExecutable', () => {
  it("uses Debian's Chromium unless CHROMIUM_PATH names another", () => {
    expect(chromiumExecutable({}, (path) => path === DEFAULT_CHROMIUM_PATH)).toBe('/usr/bin/chromium');
    expect(chromiumExecutable({ CHROMIUM_PATH: '/opt/chrome/chrome' }, () => true)).toBe(
      '/opt/chrome/chrome',
    );
  });

  it('fails with one line naming the install command when Chromium is missing', () => {
    let error: unknown;
    try {
      chromiumExecutable({}, () => false);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ChromiumMissingError);
    const { message, stack } = error as Error;
    expect(message).toBe(
      'Chromium is not installed at /usr/bin/chromium: the admin UI test needs it; install it with ' +
        '`apt-get install chromium` (or set CHROMIUM_PATH to a Chromium executable)',
    );
    expect(message).not.toContain('\n');
    expect(stack).toBe(message);
  });

  it('makes launchChromium reject with that line before starting any browser', async () => {
    const previous = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = join(__dirname, 'no-such-chromium');
    try {
      await expect(launchChromium()).rejects.toThrow(ChromiumMissingError);
    } finally {
      if (previous === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = previous;
    }
  });
});
