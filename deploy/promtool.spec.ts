import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const RULES = 'deploy/prometheus/alerts.yaml';

/** Prometheus' own checker, from Debian's `prometheus` package (`.ci/run` installs it). */
function promtool(...args: string[]) {
  return spawnSync('promtool', args, { cwd: ROOT, encoding: 'utf8' });
}

describe(`promtool check rules ${RULES}`, () => {
  it('accepts the shipped alert rules', () => {
    const result = promtool('check', 'rules', RULES);
    if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
      throw new Error(
        'promtool not found: install it with `apt-get install --no-install-recommends prometheus`',
      );
    }
    expect({ status: result.status, output: `${result.stdout}${result.stderr}` }).toEqual({
      status: 0,
      output: expect.stringMatching(/SUCCESS: \d+ rules found/),
    });
  });

  it('refuses a rules file with a broken expression (the check can fail)', () => {
    const directory = mkdtempSync(join(tmpdir(), 'promtool-'));
    try {
      const broken = join(directory, 'broken.yaml');
      writeFileSync(
        broken,
        'groups:\n  - name: broken\n    rules:\n      - alert: Broken\n        expr: sum(rate(x[5m])\n',
      );
      const result = promtool('check', 'rules', broken);
      expect(result.error).toBeUndefined();
      expect(result.status).not.toBe(0);
      expect(`${result.stdout}${result.stderr}`).toContain('FAILED');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
