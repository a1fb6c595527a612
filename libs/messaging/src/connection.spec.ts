import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeConnectFailure, isPermanentConnectFailure } from './connect-failure';
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
    expect(options).not.toHaveProperty('token');
  });

  it('passes a token, and the client certificate and key for mutual TLS', () => {
    expect(natsConnectionOptions({ ...base, token: 's3cr3t' }, 'order')).toMatchObject({ token: 's3cr3t' });
    const options = natsConnectionOptions(
      { ...base, tlsCaFile: '/ca.pem', tlsCertFile: '/client.pem', tlsKeyFile: '/client.key' },
      'order',
    );
    expect(options.tls).toEqual({ caFile: '/ca.pem', certFile: '/client.pem', keyFile: '/client.key' });
    expect(natsConnectionOptions({ ...base, tlsCertFile: '/c.pem', tlsKeyFile: '/c.key' }, 'x').tls).toEqual({
      certFile: '/c.pem',
      keyFile: '/c.key',
    });
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

describe('connect failures', () => {
  const config = { servers: ['nats://a:4222', 'nats://b:4222'], streamReplicas: 3 };
  const failure = (code: string, message: string) => Object.assign(new Error(message), { code });

  it.each([
    ['refused credentials', 'AUTHORIZATION_VIOLATION', "'Authorization Violation'", true],
    ['an unknown CA', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate', true],
    ['a self-signed certificate', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate', true],
    ['a wrong host name', 'ERR_TLS_CERT_ALTNAME_INVALID', 'Hostname/IP does not match', true],
    ['a server without TLS', 'SERVER_OPT_NA', 'SERVER_OPT_NA', true],
    ['a server not up yet', 'CONNECTION_REFUSED', 'CONNECTION_REFUSED', false],
    ['a server not answering', 'TIMEOUT', 'TIMEOUT', false],
    ['a reset connection', 'ECONNRESET', 'socket hang up', false],
  ])('%s is permanent: %s', (_case, code, message, permanent) => {
    expect(isPermanentConnectFailure(failure(code, message))).toBe(permanent);
  });

  it('names the servers, the reason and the variables to check, on one line', () => {
    expect(
      describeConnectFailure(config, failure('AUTHORIZATION_VIOLATION', "'Authorization Violation'")).message,
    ).toBe(
      'cannot connect to NATS at nats://a:4222,nats://b:4222: Authorization Violation (check NATS_USER/NATS_PASS, NATS_TOKEN or NATS_CREDS)',
    );
    expect(
      describeConnectFailure(config, failure('CERT_HAS_EXPIRED', 'certificate has expired')).message,
    ).toBe(
      'cannot connect to NATS at nats://a:4222,nats://b:4222: certificate has expired (check NATS_TLS_CA, NATS_TLS_CERT and NATS_TLS_KEY)',
    );
    expect(describeConnectFailure(config, failure('TIMEOUT', 'TIMEOUT')).message).toBe(
      'cannot connect to NATS at nats://a:4222,nats://b:4222: TIMEOUT',
    );
  });
});
