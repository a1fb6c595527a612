import { execFile } from 'node:child_process';
import { cpSync, lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..');
const EXAMPLE = join(ROOT, 'examples', 'external-saga');
const run = promisify(execFile);

/**
 * The child npm must not inherit the `npm test` that runs this suite: npm passes its own settings
 * down as npm_* variables (the monorepo's prefix among them), which would make the example's
 * install land in the monorepo.
 */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
}

async function step(what: string, file: string, args: string[], cwd: string): Promise<string> {
  try {
    const { stdout, stderr } = await run(file, args, { cwd, env: cleanEnv(), maxBuffer: 16 * 1024 * 1024 });
    return `${stdout}${stderr}`;
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${what} failed: ${failed.message}\n${failed.stdout ?? ''}${failed.stderr ?? ''}`);
  }
}

describe('examples/external-saga against the packed packages', () => {
  let workDir: string;
  beforeAll(() => {
    workDir = mkdtempSync(join(tmpdir(), 'external-saga-'));
  });
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('installs the npm pack tarballs, type-checks against their declarations and passes its spec', async () => {
    const tarballDir = join(workDir, 'tarballs');
    const packed = await step(
      'packing the workspace packages',
      join(ROOT, 'node_modules', '.bin', 'tsx'),
      [join(ROOT, 'scripts', 'packages', 'build-packages.ts'), '--pack', tarballDir],
      ROOT,
    );
    const tarballs = readdirSync(tarballDir).map((name) => join(tarballDir, name));
    expect(tarballs.map((path) => path.slice(tarballDir.length + 1)).sort()).toEqual([
      'saga-orchestrator-backoff-0.1.0.tgz',
      'saga-orchestrator-contracts-0.1.0.tgz',
      'saga-orchestrator-saga-core-0.1.0.tgz',
      'saga-orchestrator-saga-testing-0.1.0.tgz',
    ]);
    expect(packed).toContain('built @saga-orchestrator/saga-testing');

    // Outside the monorepo, so nothing resolves through its node_modules or tsconfig paths.
    const project = join(workDir, 'external-saga');
    cpSync(EXAMPLE, project, {
      recursive: true,
      filter: (source) => !/[\\/](node_modules|dist)([\\/]|$)/.test(source.slice(EXAMPLE.length)),
    });
    await step(
      'npm install',
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs],
      project,
    );
    const scope = join(project, 'node_modules', '@saga-orchestrator');
    const installed = readdirSync(scope).sort();
    expect(installed).toEqual(['backoff', 'contracts', 'saga-core', 'saga-testing']);
    // unpacked tarballs, not links back into the monorepo's workspaces
    expect(installed.filter((name) => lstatSync(join(scope, name)).isSymbolicLink())).toEqual([]);

    const output = await step('npm test in the example', 'npm', ['test'], project);
    expect(output).toMatch(/^# fail 0$/m);
    expect(Number(output.match(/^# pass (\d+)$/m)?.[1])).toBeGreaterThanOrEqual(7);
  }, 300_000);
});
