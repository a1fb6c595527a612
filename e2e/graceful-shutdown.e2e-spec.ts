import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { connect, NatsConnection } from 'nats';
import { CreateOrderCommand, GetOrderQuery, sampleOrderRequest } from '@app/contracts';
import { JetStreamPublisher, requestQuery } from '@app/messaging';
import {
  TestDatabase,
  TestNatsServer,
  createTestDatabase,
  freePort,
  pollUntil,
  startNatsServer,
} from '@test/support';

const ROOT = join(__dirname, '..');

/**
 * `docker stop` / a Kubernetes rollout on a production process, with production's default drain
 * (`NODE_ENV=production`, no SHUTDOWN_DRAIN_DELAY_MS): from SIGTERM, readiness answers 503 and
 * liveness 200, the app keeps handling commands and queries, then it closes and ends with SIGTERM.
 */
describe('stopping a production app with SIGTERM', () => {
  let nats: TestNatsServer;
  let database: TestDatabase;
  let connection: NatsConnection;
  let app: ChildProcess | undefined;
  let output = '';

  beforeAll(async () => {
    [nats, database] = await Promise.all([startNatsServer(), createTestDatabase('e2e_shutdown')]);
    connection = await connect({ servers: nats.url });
  });

  afterAll(async () => {
    if (app && app.exitCode === null && app.signalCode === null) app.kill('SIGKILL');
    await connection?.close();
    await Promise.all([nats?.dispose(), database?.drop()]);
  });

  it('drains: 503 on ready, 200 on live, commands still handled, then it exits by SIGTERM', async () => {
    const port = await freePort();
    const url = (path: string) => `http://127.0.0.1:${port}${path}`;
    const status = async (path: string) => (await fetch(url(path))).status;
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'apps', 'order', 'src', 'main.js')], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        ADMIN_TOKEN: randomBytes(24).toString('hex'),
        LOG_LEVEL: 'info',
        NATS_URL: nats.url,
        DATABASE_URL: database.url,
        DATABASE_POOL_SIZE: '4',
        ORDER_PORT: String(port),
        SHUTDOWN_DRAIN_DELAY_MS: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    app = child;
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
      child.once('exit', (code, signal) => resolve(signal ?? code)),
    );
    await pollUntil(
      async () => {
        if (child.exitCode !== null) throw new Error(`order exited with ${child.exitCode}:\n${output}`);
        return (await status('/health/ready').catch(() => 0)) === 200;
      },
      { timeoutMs: 30_000, intervalMs: 100 },
      'the order app to be ready',
    );

    child.kill('SIGTERM');
    await pollUntil(
      async () => (await status('/health/ready')) === 503,
      { intervalMs: 20 },
      'ready to be 503',
    );
    expect(await status('/health/live')).toBe(200);

    // While it drains the app still works: a command is handled and its result served.
    const { customerId, currency, items, shippingAddress } = sampleOrderRequest();
    const orderId = randomUUID();
    await new JetStreamPublisher(connection).publish({
      subject: CreateOrderCommand.subject,
      payload: { orderId, customerId, currency, items, totalCents: 3098, shippingAddress },
      messageId: randomUUID(),
      type: CreateOrderCommand.type,
      version: CreateOrderCommand.version,
      sagaId: randomUUID(),
      correlationId: randomUUID(),
    });
    // Until the command is handled the query answers null (no such order): keep asking.
    const created = await pollUntil(
      async () => (await requestQuery(connection, GetOrderQuery, { orderId }, 2_000)) ?? undefined,
      { intervalMs: 50 },
      'the order created during the drain',
    );
    expect(created).toMatchObject({ orderId, status: 'PENDING' });
    expect(await status('/health/ready')).toBe(503);
    expect(child.exitCode).toBeNull();

    expect(await exited).toBe('SIGTERM');
    expect(output).toMatch(/stopping: readiness is 503, closing after the drain delay/);
    expect(output).toMatch(/"drainDelayMs":5000/);
    await expect(fetch(url('/health/live'))).rejects.toThrow();
  });
});
