import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { APPS } from './apps';
import { type NatsConfig, loadConfig } from '@app/config';
import { stopChild } from './stop-child';
import { waitUntilReady } from './wait-until-ready';

const ROOT = join(__dirname, '..', '..');

/** Where a script finds the platform it drives. */
export interface PlatformAccess {
  gatewayUrl: string;
  orchestratorUrl: string;
  /** From ADMIN_TOKEN, or the one given to the platform this script started; absent otherwise. */
  adminToken?: string;
  nats: NatsConfig;
  /** Whether this script started the platform (and `stop` will stop it). */
  startedHere: boolean;
  stop(): Promise<void>;
}

export interface ReachPlatformOptions {
  /** Where the output of a platform started here goes. */
  logFile: string;
  /** Progress lines (never the script's result): default stderr. */
  say?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

/**
 * The running platform at GATEWAY_URL (default: the gateway port on localhost). When nothing
 * answers there and GATEWAY_URL is not set, starts the whole platform with `npm start`'s
 * script, its output in `logFile`, and waits until every app is ready; `stop()` stops it again.
 */
export async function reachPlatform(options: ReachPlatformOptions): Promise<PlatformAccess> {
  const env = options.env ?? process.env;
  const say = options.say ?? ((line: string) => process.stderr.write(`${line}\n`));
  const config = loadConfig('gateway', env);
  const local = (port: number) => `http://127.0.0.1:${port}`;
  const gatewayUrl = (env.GATEWAY_URL || local(config.ports.gateway)).replace(/\/+$/, '');
  const orchestratorUrl = (env.ORCHESTRATOR_URL || local(config.ports.orchestrator)).replace(/\/+$/, '');
  const access = { gatewayUrl, orchestratorUrl, nats: config.nats };

  if (await isReady(gatewayUrl)) {
    return {
      ...access,
      adminToken: env.ADMIN_TOKEN || undefined,
      startedHere: false,
      stop: async () => undefined,
    };
  }
  if (env.GATEWAY_URL) throw new Error(`nothing answers at GATEWAY_URL=${gatewayUrl}`);

  const adminToken = env.ADMIN_TOKEN || randomBytes(24).toString('hex');
  say(`No platform answers at ${gatewayUrl}: starting one (output in ${options.logFile})`);
  mkdirSync(dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile);
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), join('scripts', 'start.ts')], {
    cwd: ROOT,
    env: { ...env, ADMIN_TOKEN: adminToken },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    await stopChild(child, 60_000);
    log.end();
  };

  const gaveUp = new AbortController();
  void exited.then(() => gaveUp.abort());
  const readyUrls = Object.fromEntries(APPS.map((app) => [app, `${local(config.ports[app])}/health/ready`]));
  const notReady = await waitUntilReady(readyUrls, {
    timeoutMs: 180_000,
    intervalMs: 250,
    signal: gaveUp.signal,
  });
  if (notReady.length > 0) {
    await stop();
    throw new Error(`the platform did not become ready (${notReady.join(', ')}): see ${options.logFile}`);
  }
  say('Platform is ready');
  return { ...access, adminToken, startedHere: true, stop };
}

async function isReady(baseUrl: string): Promise<boolean> {
  const response = await fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(2_000) }).catch(
    () => undefined,
  );
  await response?.body?.cancel();
  return response?.status === 200;
}
