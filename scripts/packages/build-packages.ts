import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SourceFile } from 'typescript';
import { runMain } from '../lib/run-main';
import { compilePackage } from './compile-package';
import { readWorkspacePackages, type WorkspacePackage } from './workspace-packages';

const ROOT = join(__dirname, '..', '..');

/**
 * `npm run packages:build`: compiles every workspace package (dependencies first) into its
 * `dist`. With `--pack <folder>` (`npm run packages:pack`) it then packs each into a tarball there
 * and prints their paths, one a line.
 */
export async function buildPackages(argv: readonly string[]): Promise<number> {
  const packIndex = argv.indexOf('--pack');
  const packInto = packIndex >= 0 ? argv[packIndex + 1] : undefined;
  if (packIndex >= 0 && !packInto) throw new Error('--pack needs a folder');

  const packages = readWorkspacePackages(ROOT);
  const aliases = new Map(packages.map((pkg) => [pkg.alias, pkg.name]));
  const parsedOnce = new Map<string, SourceFile>();
  for (const pkg of packages) {
    const { emitted, problems } = compilePackage(ROOT, pkg, aliases, parsedOnce);
    if (problems.length > 0) {
      process.stderr.write(`${pkg.name} is not publishable:\n${problems.map((p) => `  ${p}\n`).join('')}`);
      return 1;
    }
    process.stderr.write(`built ${pkg.name} (${emitted.length} files in ${pkg.dir}/dist)\n`);
  }
  if (packInto)
    for (const tarball of packAll(packages, resolve(packInto))) process.stdout.write(`${tarball}\n`);
  return 0;
}

/** One `npm pack` for all workspaces: each npm start costs about a second. */
function packAll(packages: readonly WorkspacePackage[], destination: string): string[] {
  mkdirSync(destination, { recursive: true });
  const workspaces = packages.flatMap((pkg) => ['--workspace', pkg.dir]);
  const output = execFileSync('npm', ['pack', '--json', '--pack-destination', destination, ...workspaces], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return (JSON.parse(output) as { filename: string }[]).map((packed) => join(destination, packed.filename));
}

if (require.main === module) runMain(() => buildPackages(process.argv.slice(2)), 'packages');
