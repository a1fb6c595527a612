import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, DEFAULT_DATABASE_URL, loadConfig } from '@app/config';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig('orchestrator', {});
    expect(config.nats.servers).toEqual(['nats://127.0.0.1:4222']);
    expect(config.databaseUrl).toBe(DEFAULT_DATABASE_URL);
    expect(config.schema).toBe('orchestrator');
    expect(config.port).toBe(3001);
    expect(config.ports).toEqual({
      gateway: 3000,
      orchestrator: 3001,
      order: 3002,
      payment: 3003,
      inventory: 3004,
      shipping: 3005,
    });
    expect(config.logLevel).toBe('info');
    expect(config.adminTokenGenerated).toBe(true);
    expect(config.adminToken).toMatch(/^[0-9a-f]{48}$/);
    expect(config.role).toBe('all');
    expect(config.orderRateLimit).toEqual({ limit: 1000, windowMs: 1000 });
    expect(config.nats.streamReplicas).toBe(1);
  });

  it('reads the role of a participant and the order rate limit', () => {
    expect(loadConfig('payment', { ROLE: 'worker' }).role).toBe('worker');
    expect(loadConfig('inventory', { ROLE: 'web' }).role).toBe('web');
    expect(
      loadConfig('gateway', { ORDER_RATE_LIMIT: '5', ORDER_RATE_WINDOW_MS: '60000' }).orderRateLimit,
    ).toEqual({ limit: 5, windowMs: 60_000 });
  });

  it.each(['gateway', 'orchestrator'] as const)('runs the %s as ROLE=all only', (service) => {
    expect(loadConfig(service, { ROLE: 'all' }).role).toBe('all');
    expect(() => loadConfig(service, { ROLE: 'worker' })).toThrow(
      `Invalid configuration: ROLE: must be all for the ${service} (web and worker apply to participants)`,
    );
  });

  it('lets a service database URL override DATABASE_URL, and reads a NATS cluster list', () => {
    const config = loadConfig('payment', {
      DATABASE_URL: 'postgres://u@db/shared',
      PAYMENT_DATABASE_URL: 'postgres://u@db/payments',
      NATS_URL: 'nats://a:4222,nats://b:4222',
      PAYMENT_PORT: '4003',
    });
    expect(config.databaseUrl).toBe('postgres://u@db/payments');
    expect(config.schema).toBe('payments');
    expect(config.nats.servers).toEqual(['nats://a:4222', 'nats://b:4222']);
    expect(config.port).toBe(4003);
    expect(loadConfig('order', { DATABASE_URL: 'postgres://u@db/shared' }).databaseUrl).toBe(
      'postgres://u@db/shared',
    );
  });

  it.each([
    [
      'NATS_URL',
      'http://broker:4222',
      "Invalid configuration: NATS_URL: must be a nats:// URL or a comma-separated list of them (got 'http://broker:4222')",
    ],
    [
      'DATABASE_URL',
      'mysql://x',
      "Invalid configuration: DATABASE_URL: must be a postgres:// URL (got 'mysql://x')",
    ],
    [
      'SHIPPING_DATABASE_URL',
      'nope',
      "Invalid configuration: SHIPPING_DATABASE_URL: must be a postgres:// URL (got 'nope')",
    ],
    ['GATEWAY_PORT', 'eighty', 'Invalid configuration: GATEWAY_PORT:'],
    ['ORDER_PORT', '70000', 'Invalid configuration: ORDER_PORT: must not be greater than 65535'],
    [
      'LOG_LEVEL',
      'loud',
      'Invalid configuration: LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent',
    ],
    ['NODE_ENV', 'staging', 'Invalid configuration: NODE_ENV: must be development, production or test'],
    ['ADMIN_TOKEN', 'short', 'Invalid configuration: ADMIN_TOKEN: must be at least 16 characters'],
    ['NATS_STREAM_REPLICAS', '2', 'Invalid configuration: NATS_STREAM_REPLICAS: must be 1, 3 or 5'],
    ['ROLE', 'api', "Invalid configuration: ROLE: must be web, worker or all (got 'api')"],
    [
      'DATABASE_POOL_SIZE',
      '0',
      'Invalid configuration: DATABASE_POOL_SIZE: must be a whole number of connections, at least 1',
    ],
    [
      'ORDER_RATE_LIMIT',
      'many',
      "Invalid configuration: ORDER_RATE_LIMIT: must be a whole number of requests, at least 1 (got 'many')",
    ],
    [
      'ORDER_RATE_LIMIT',
      '0',
      'Invalid configuration: ORDER_RATE_LIMIT: must be a whole number of requests, at least 1',
    ],
    [
      'ORDER_RATE_WINDOW_MS',
      '1.5',
      "Invalid configuration: ORDER_RATE_WINDOW_MS: must be a whole number of milliseconds, at least 1 (got '1.5')",
    ],
    [
      'SHUTDOWN_DRAIN_DELAY_MS',
      '-1',
      "Invalid configuration: SHUTDOWN_DRAIN_DELAY_MS: must be a whole number of milliseconds, 0 or more (got '-1')",
    ],
  ])('rejects a bad %s with one line naming it', (variable, value, message) => {
    const attempt = () => loadConfig('gateway', { [variable]: value });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect((error as ConfigError).variable).toBe(variable);
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('drains for 5 s after a stop signal in production, not at all elsewhere, unless told', () => {
    const production = { NODE_ENV: 'production', ADMIN_TOKEN: 'a-long-enough-token' };
    expect(loadConfig('gateway', production).shutdownDrainDelayMs).toBe(5_000);
    expect(loadConfig('gateway', {}).shutdownDrainDelayMs).toBe(0);
    expect(loadConfig('gateway', { NODE_ENV: 'test' }).shutdownDrainDelayMs).toBe(0);
    expect(loadConfig('order', { ...production, SHUTDOWN_DRAIN_DELAY_MS: '0' }).shutdownDrainDelayMs).toBe(0);
    expect(loadConfig('order', { SHUTDOWN_DRAIN_DELAY_MS: '15000' }).shutdownDrainDelayMs).toBe(15_000);
  });

  it('requires ADMIN_TOKEN in production', () => {
    expect(() => loadConfig('orchestrator', { NODE_ENV: 'production' })).toThrow(
      'Invalid configuration: ADMIN_TOKEN: is required when NODE_ENV=production',
    );
    const config = loadConfig('orchestrator', { NODE_ENV: 'production', ADMIN_TOKEN: 'a-long-enough-token' });
    expect(config.adminToken).toBe('a-long-enough-token');
    expect(config.adminTokenGenerated).toBe(false);
  });
});

describe('loadConfig for NATS security', () => {
  let dir: string;
  let file: (name: string) => string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nats-config-'));
    file = (name) => {
      const path = join(dir, name);
      writeFileSync(path, `${name}\n`);
      return path;
    };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const rejects = (env: NodeJS.ProcessEnv, variable: string, message: string) => {
    const attempt = () => loadConfig('order', env);
    expect(attempt).toThrow(`Invalid configuration: ${variable}: ${message}`);
    try {
      attempt();
    } catch (error) {
      expect((error as ConfigError).variable).toBe(variable);
      expect((error as Error).message).not.toContain('\n');
    }
  };

  it('reads user and password, a token, a creds file, and TLS files', () => {
    expect(loadConfig('order', { NATS_USER: 'svc', NATS_PASS: 'secret' }).nats).toMatchObject({
      user: 'svc',
      pass: 'secret',
    });
    expect(loadConfig('order', { NATS_TOKEN: 's3cr3t' }).nats.token).toBe('s3cr3t');
    const creds = file('svc.creds');
    expect(loadConfig('order', { NATS_CREDS: creds }).nats.credsFile).toBe(creds);
    const [ca, cert, key] = [file('ca.pem'), file('client.pem'), file('client-key.pem')];
    expect(
      loadConfig('order', { NATS_TLS_CA: ca, NATS_TLS_CERT: cert, NATS_TLS_KEY: key }).nats,
    ).toMatchObject({ tlsCaFile: ca, tlsCertFile: cert, tlsKeyFile: key });
  });

  it('requires NATS_USER and NATS_PASS together', () => {
    rejects({ NATS_USER: 'svc' }, 'NATS_PASS', 'is required when NATS_USER is set');
    rejects({ NATS_PASS: 'secret' }, 'NATS_USER', 'is required when NATS_PASS is set');
  });

  it('accepts one way to authenticate only', () => {
    rejects(
      { NATS_USER: 'svc', NATS_PASS: 'secret', NATS_TOKEN: 't' },
      'NATS_TOKEN',
      'cannot be combined with NATS_USER: choose one way to authenticate',
    );
    rejects(
      { NATS_TOKEN: 't', NATS_CREDS: file('a.creds') },
      'NATS_CREDS',
      'cannot be combined with NATS_TOKEN: choose one way to authenticate',
    );
  });

  it('requires the client certificate and its key together', () => {
    rejects({ NATS_TLS_CERT: file('c.pem') }, 'NATS_TLS_KEY', 'is required when NATS_TLS_CERT is set');
    rejects({ NATS_TLS_KEY: file('k.pem') }, 'NATS_TLS_CERT', 'is required when NATS_TLS_KEY is set');
  });

  it.each(['NATS_CREDS', 'NATS_TLS_CA', 'NATS_TLS_CERT', 'NATS_TLS_KEY'])(
    'names %s when its file is missing or a directory',
    (variable) => {
      const pair: NodeJS.ProcessEnv =
        variable === 'NATS_TLS_CERT'
          ? { NATS_TLS_KEY: file('pair-key.pem') }
          : variable === 'NATS_TLS_KEY'
            ? { NATS_TLS_CERT: file('pair-cert.pem') }
            : {};
      const missing = join(dir, 'missing.pem');
      rejects({ ...pair, [variable]: missing }, variable, `cannot read file '${missing}' (ENOENT)`);
      rejects({ ...pair, [variable]: dir }, variable, `cannot read file '${dir}' (not a regular file)`);
    },
  );
});
