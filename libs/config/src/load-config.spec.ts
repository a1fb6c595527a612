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

  it('requires ADMIN_TOKEN in production', () => {
    expect(() => loadConfig('orchestrator', { NODE_ENV: 'production' })).toThrow(
      'Invalid configuration: ADMIN_TOKEN: is required when NODE_ENV=production',
    );
    const config = loadConfig('orchestrator', { NODE_ENV: 'production', ADMIN_TOKEN: 'a-long-enough-token' });
    expect(config.adminToken).toBe('a-long-enough-token');
    expect(config.adminTokenGenerated).toBe(false);
  });

  it('requires NATS_PASS with NATS_USER', () => {
    expect(() => loadConfig('order', { NATS_USER: 'svc' })).toThrow(
      'NATS_PASS: is required when NATS_USER is set',
    );
  });
});
