import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort, pollUntil } from '@test/support';

const ROOT = join(__dirname, '..', '..', '..');
const MAIN = join(ROOT, 'dist', 'apps', 'orchestrator', 'src', 'main.js');

/** Compiles the apps to `dist/` (swc, a second or two), as `npm run start:orchestrator` does. */
export function buildApps(): void {
  execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'pipe' });
}

export interface OrchestratorProcess {
  port: number;
  /** Resolves with the process's `/metrics` text. */
  metrics(): Promise<string>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Runs the built orchestrator as a child process and resolves once `/health/ready` says so. */
export async function startOrchestratorProcess(env: Record<string, string>): Promise<OrchestratorProcess> {
  const port = await freePort();
  const output: string[] = [];
  const child: ChildProcess = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env, ORCHESTRATOR_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  await pollUntil(
    async () => {
      if (child.exitCode !== null) throw new Error(`orchestrator exited at start:\n${output.join('')}`);
      const response = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined);
      return response?.ok;
    },
    { timeoutMs: 20_000, intervalMs: 100 },
    'the orchestrator process to be ready',
  );

  return {
    port,
    metrics: async () => (await fetch(`http://127.0.0.1:${port}/metrics`)).text(),
    kill: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** The value of an unlabelled-but-for-service counter in a `/metrics` text. */
export function counterValue(metrics: string, name: string): number {
  const line = metrics
    .split('\n')
    .find((entry) => entry.startsWith(`${name}{`) || entry.startsWith(`${name} `));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}
