import { DynamicModule, INestApplication, Module } from '@nestjs/common';
import request from 'supertest';
import { APP_CONFIG, AppConfig } from '@app/config';
import { TestNatsServer, freePort, pollUntil, startNatsServer } from '@test/support';
import { bootstrapService } from './bootstrap-service';
import { closeOnStopSignals } from './graceful-shutdown';
import { PlatformModule } from './platform.module';

@Module({})
class StoppingAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: StoppingAppModule, imports: [PlatformModule.forService(config, { database: false })] };
  }
}

const STOP_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

/**
 * What a load balancer sees when a service is stopped the way Docker and Kubernetes stop it: the
 * stop signal turns readiness to 503 at once while liveness stays 200, the app keeps answering
 * for the drain delay, then closes and re-raises the signal to end the process.
 */
describe('stopping a service started by bootstrapService', () => {
  let nats: TestNatsServer;
  let app: INestApplication | undefined;
  let url: string;
  let killedWith: Promise<string>;
  /** Listeners other than the app's (the test runner's), set aside so an emitted signal reaches only the app. */
  let othersListening: Map<string, NodeJS.SignalsListener[]>;

  beforeAll(async () => {
    nats = await startNatsServer();
  });
  afterAll(() => nats?.dispose());

  beforeEach(() => {
    othersListening = new Map(
      STOP_SIGNALS.map((signal) => [signal, process.listeners(signal) as NodeJS.SignalsListener[]]),
    );
    STOP_SIGNALS.forEach((signal) => process.removeAllListeners(signal));
    const kill = process.kill.bind(process);
    killedWith = new Promise((resolve) => {
      jest.spyOn(process, 'kill').mockImplementation((pid, signal) => {
        if (pid !== process.pid) return kill(pid, signal);
        resolve(String(signal));
        return true;
      });
    });
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    STOP_SIGNALS.forEach((signal) => {
      process.removeAllListeners(signal);
      othersListening.get(signal)?.forEach((listener) => process.on(signal, listener));
    });
    await app?.close().catch(() => undefined);
    app = undefined;
  });

  async function start(drainDelayMs: number): Promise<void> {
    const port = await freePort();
    app = await bootstrapService('gateway', {
      module: StoppingAppModule.forRoot,
      env: {
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        NATS_URL: nats.url,
        GATEWAY_PORT: String(port),
        SHUTDOWN_DRAIN_DELAY_MS: String(drainDelayMs),
      },
    });
    closeOnStopSignals(app, app.get<AppConfig>(APP_CONFIG));
    url = `http://127.0.0.1:${port}`;
    await pollUntil(async () => (await request(url).get('/health/ready')).status === 200, {}, 'ready');
  }

  it('answers 503 on ready and 200 on live from SIGTERM until it closes, then ends with SIGTERM', async () => {
    await start(4_000);
    expect(process.listenerCount('SIGTERM')).toBe(1);

    process.emit('SIGTERM', 'SIGTERM');

    const ready = await request(url).get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.error).toMatchObject({ shutdown: { status: 'down', message: 'stopping' } });
    expect(ready.body.info).toMatchObject({ jetstream: { status: 'up' } });
    await request(url).get('/health/live').expect(200);
    await request(url).get('/health/ready').expect(503);

    expect(await killedWith).toBe('SIGTERM');
    await expect(request(url).get('/health/live')).rejects.toThrow(/ECONNREFUSED/);
    expect(STOP_SIGNALS.map((signal) => process.listenerCount(signal))).toEqual([0, 0, 0]);
  });

  it('closes without waiting out the drain when a second stop signal comes (Ctrl-C twice)', async () => {
    await start(600_000);
    process.emit('SIGTERM', 'SIGTERM');
    await request(url).get('/health/ready').expect(503);

    process.emit('SIGINT', 'SIGINT');

    expect(await killedWith).toBe('SIGTERM');
    await expect(request(url).get('/health/live')).rejects.toThrow(/ECONNREFUSED/);
  }, 30_000);
});
