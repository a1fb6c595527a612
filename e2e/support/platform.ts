import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { SERVICE_NAMES, ServiceName } from '@app/config';
import {
  TestDatabase,
  TestNatsServer,
  createTestDatabase,
  freePort,
  pollUntil,
  startNatsServer,
} from '@test/support';

const ROOT = join(__dirname, '..', '..');

export interface RunningPlatform {
  nats: PlatformNats;
  database: TestDatabase;
  adminToken: string;
  ports: Record<ServiceName, number>;
  url(service: ServiceName, path?: string): string;
  /** Output of each app, for diagnosing a failed scenario. */
  logs(service: ServiceName): string;
  start(service: ServiceName): Promise<void>;
  stop(service: ServiceName, signal?: NodeJS.Signals): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * The whole platform as in production: a private nats-server, a private database, and the six
 * apps as separate processes from the compiled output (built once by the e2e global setup).
 */
export interface PlatformOptions {
  env?: Record<string, string>;
  /** A NATS server (or cluster) the test owns and may stop; a private nats-server by default. */
  nats?: PlatformNats;
  /** A database on a PostgreSQL the test owns and may stop; a database on the machine's PostgreSQL by default. */
  database?: TestDatabase;
}

/** What the platform needs of a NATS server: `url` may be a comma-separated list (a cluster). */
export type PlatformNats = Pick<TestNatsServer, 'url' | 'dispose'> & Partial<TestNatsServer>;

export async function startPlatform(options: PlatformOptions = {}): Promise<RunningPlatform> {
  const [nats, database] = await Promise.all([
    options.nats ?? startNatsServer(),
    options.database ?? createTestDatabase('e2e'),
  ]);
  const ports = Object.fromEntries(
    await Promise.all(SERVICE_NAMES.map(async (service) => [service, await freePort()])),
  ) as Record<ServiceName, number>;
  const adminToken = randomBytes(24).toString('hex');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
    NATS_URL: nats.url,
    DATABASE_URL: database.url,
    ADMIN_TOKEN: adminToken,
    // Small pools: a platform then holds about 45 PostgreSQL connections, so suites can run side by side.
    DATABASE_POOL_SIZE: '4',
    SAGA_REPLY_CONCURRENCY: '6',
    ...Object.fromEntries(
      SERVICE_NAMES.map((service) => [`${service.toUpperCase()}_PORT`, String(ports[service])]),
    ),
    ...options.env,
  };
  const children = new Map<ServiceName, ChildProcess>();
  const output = new Map<ServiceName, string>();
  const url = (service: ServiceName, path = '') => `http://127.0.0.1:${ports[service]}${path}`;

  const start = async (service: ServiceName) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'apps', service, 'src', 'main.js')], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const append = (chunk: Buffer) =>
      output.set(service, ((output.get(service) ?? '') + chunk.toString()).slice(-200_000));
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    children.set(service, child);
    await pollUntil(
      async () => {
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(
            `${service} exited with ${child.exitCode ?? child.signalCode}:\n${output.get(service)}`,
          );
        const response = await fetch(url(service, '/health/ready')).catch(() => undefined);
        return response?.status === 200;
      },
      { timeoutMs: 30_000, intervalMs: 100 },
      `${service} to be ready`,
    );
  };

  const stop = async (service: ServiceName, signal: NodeJS.Signals = 'SIGTERM') => {
    const child = children.get(service);
    children.delete(service);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  };

  const platform: RunningPlatform = {
    nats,
    database,
    adminToken,
    ports,
    url,
    logs: (service) => output.get(service) ?? '',
    start,
    stop,
    shutdown: async () => {
      await Promise.all(SERVICE_NAMES.map((service) => stop(service)));
      await Promise.all([nats.dispose(), database.drop()]);
    },
  };
  try {
    // Participants and the orchestrator migrate their own schemas at boot; start them in parallel.
    await Promise.all(SERVICE_NAMES.map((service) => start(service)));
  } catch (error) {
    await platform.shutdown();
    throw error;
  }
  return platform;
}
