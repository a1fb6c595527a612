import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildIfStale } from './lib/build-if-stale';
import { runMain } from './lib/run-main';
import { sourceFingerprint } from './lib/source-fingerprint';

const ROOT = join(__dirname, '..');
/** What `npm run build` compiles and reads; its command line is part of the fingerprint. */
const BUILD_INPUTS = ['apps', 'libs', 'migrations', '.swcrc', 'tsconfig.json'];

/** `npm run build` only when the sources changed since the last successful build (`start:<app>`). */
export async function buildWhenStale(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const buildCommand = (
    JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts.build;
  const outcome = await buildIfStale({
    stampFile: join(ROOT, 'dist', '.build-stamp'),
    lockFile: join(ROOT, 'dist', '.build'),
    fingerprint: () => sourceFingerprint(ROOT, BUILD_INPUTS, buildCommand),
    build: () => runBuild(env),
  });
  if (outcome.exitCode !== 0)
    console.error(`Build failed: npm run build exited with code ${outcome.exitCode}`);
  return outcome.exitCode;
}

function runBuild(env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '-s', 'build'], { cwd: ROOT, env, stdio: 'inherit' });
    child.once('error', (error) => {
      console.error(`Could not run npm: ${error.message}`);
      resolve(1);
    });
    child.once('close', (code) => resolve(code ?? 1));
  });
}

if (require.main === module) runMain(() => buildWhenStale(), 'build');
