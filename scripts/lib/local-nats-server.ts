import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { exited, stopChild } from './stop-child';
import { canConnect } from './tcp';

export interface LocalNatsServerOptions {
  host: string;
  port: number;
  /** JetStream storage, kept across runs. */
  storeDir: string;
  /** The server's output goes here (appended), not to the terminal. */
  logFile: string;
  command?: string;
  startTimeoutMs?: number;
}

export interface LocalNatsServer {
  stop(): Promise<void>;
}

export function natsServerArgs(
  options: Pick<LocalNatsServerOptions, 'host' | 'port' | 'storeDir'>,
): string[] {
  return ['-a', options.host, '-p', String(options.port), '-js', '-sd', options.storeDir];
}

/** Starts a JetStream nats-server and resolves once it accepts connections. */
export async function startLocalNatsServer(options: LocalNatsServerOptions): Promise<LocalNatsServer> {
  mkdirSync(options.storeDir, { recursive: true });
  mkdirSync(dirname(options.logFile), { recursive: true });
  const log = openSync(options.logFile, 'a');
  // Own process group: a Ctrl-C must not stop NATS before the apps have drained their connections.
  const child = spawn(options.command ?? 'nats-server', natsServerArgs(options), {
    stdio: ['ignore', log, log],
    detached: true,
  });
  closeSync(log);
  const spawnFailure = new Promise<{ error: Error }>((resolve) =>
    child.once('error', (error) => resolve({ error })),
  );

  const deadline = Date.now() + (options.startTimeoutMs ?? 10_000);
  for (;;) {
    if (await canConnect(options.host, options.port, 500)) break;
    const outcome = await Promise.race([
      spawnFailure,
      exited(child).then(() => 'exited' as const),
      delay(50),
    ]);
    if (typeof outcome === 'object') throw new Error(`could not start nats-server: ${outcome.error.message}`);
    if (outcome === 'exited' || Date.now() > deadline) {
      await stopChild(child, 1000);
      const reason = outcome === 'exited' ? `exited with code ${child.exitCode}` : 'timed out';
      throw new Error(
        `nats-server did not start on ${options.host}:${options.port} (${reason}); see ${options.logFile}`,
      );
    }
  }
  return {
    stop: async () => {
      await stopChild(child, 10_000);
    },
  };
}

function delay(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms));
}
