import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPort } from './free-port';

export interface TestNatsServer {
  url: string;
  port: number;
  /** The running server's process id (undefined while stopped). */
  pid(): number | undefined;
  /** Stops the server; its JetStream data stays until `dispose`, so `restart` keeps the streams. */
  stop(): Promise<void>;
  /** Kills the server outright (SIGKILL), as a crash would; `restart` brings it back on the same store. */
  kill(): Promise<void>;
  restart(): Promise<void>;
  /** Stops the server and deletes its data directory. */
  dispose(): Promise<void>;
}

export interface NatsServerOptions {
  /** Extra nats-server arguments, e.g. `['--user', 'svc', '--pass', 'secret']`. */
  args?: string[];
}

/** Starts a private JetStream-enabled nats-server on a free loopback port with a temporary data dir. */
export async function startNatsServer(options: NatsServerOptions = {}): Promise<TestNatsServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'saga-nats-'));
  let child: ChildProcess | undefined;

  const launch = async (): Promise<void> => {
    const args = ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dataDir, ...(options.args ?? [])];
    child = spawn('nats-server', args, { stdio: 'ignore' });
    await waitForPort(port);
  };
  const halt = async (signal: NodeJS.Signals): Promise<void> => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill(signal);
    });
  };
  const stop = () => halt('SIGTERM');

  await launch();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    pid: () => child?.pid,
    stop,
    kill: () => halt('SIGKILL'),
    restart: async () => {
      await stop();
      await launch();
    },
    dispose: async () => {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
