import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { natsConnectionOptions } from './connection';

describe('natsConnectionOptions', () => {
  const base = { servers: ['nats://a:4222', 'nats://b:4222'], streamReplicas: 3 };

  it('reconnects forever and waits for a server that is not up yet', () => {
    expect(natsConnectionOptions(base, 'payment')).toEqual({
      servers: ['nats://a:4222', 'nats://b:4222'],
      name: 'payment',
      maxReconnectAttempts: -1,
      waitOnFirstConnect: true,
      reconnectTimeWait: 1_000,
      noAsyncTraces: true,
    });
  });

  it('passes user/password and the TLS CA file through', () => {
    const options = natsConnectionOptions(
      { ...base, user: 'svc', pass: 'secret', tlsCaFile: '/ca.pem' },
      'order',
    );
    expect(options).toMatchObject({ user: 'svc', pass: 'secret', tls: { caFile: '/ca.pem' } });
  });

  it('builds a creds authenticator from the file, and names a file it cannot read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'creds-'));
    try {
      const file = join(dir, 'svc.creds');
      writeFileSync(file, 'not really creds');
      expect(typeof natsConnectionOptions({ ...base, credsFile: file }, 'x').authenticator).toBe('function');
      expect(() => natsConnectionOptions({ ...base, credsFile: join(dir, 'missing.creds') }, 'x')).toThrow(
        `cannot read NATS creds file '${join(dir, 'missing.creds')}'`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
