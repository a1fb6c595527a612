import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@test/support';
import { startLocalNatsServer } from './local-nats-server';
import { canConnect } from './tcp';

describe('startLocalNatsServer', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'local-nats-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts a JetStream server that accepts connections, logs to its file, and stops', async () => {
    const port = await freePort();
    const logFile = join(dir, 'logs', 'nats-server.log');

    const server = await startLocalNatsServer({
      host: '127.0.0.1',
      port,
      storeDir: join(dir, 'store'),
      logFile,
    });
    expect(await canConnect('127.0.0.1', port, 1000)).toBe(true);
    await server.stop();

    expect(await canConnect('127.0.0.1', port, 1000)).toBe(false);
    expect(readFileSync(logFile, 'utf8')).toContain('Starting JetStream');
  });

  it('fails with the reason when the server cannot start', async () => {
    await expect(
      startLocalNatsServer({
        host: '127.0.0.1',
        port: await freePort(),
        storeDir: join(dir, 'store'),
        logFile: join(dir, 'nats.log'),
        command: join(dir, 'no-such-nats-server'),
      }),
    ).rejects.toThrow(/could not start nats-server: spawn .*no-such-nats-server ENOENT/);
  });
});
