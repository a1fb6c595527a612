import { randomBytes } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import type { AppConfig } from './app-config';
import { ConfigError } from './config-error';
import { EnvironmentVariables } from './environment-variables';
import { DEFAULT_PORTS, SERVICE_NAMES, SERVICE_SCHEMAS, ServiceName, ownsData } from './service-name';

export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/saga_orchestrator';

/** Reads and validates the environment once; throws a ConfigError naming the first bad variable. */
export function loadConfig(service: ServiceName, env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const vars = plainToInstance(EnvironmentVariables, raw, { excludeExtraneousValues: false });
  const errors = validateSync(vars, { skipMissingProperties: false, forbidUnknownValues: false });
  if (errors.length > 0) throw toConfigError(errors[0]);

  const nodeEnv = (vars.NODE_ENV ?? 'development') as AppConfig['nodeEnv'];
  if (nodeEnv === 'production' && !vars.ADMIN_TOKEN) {
    throw new ConfigError('ADMIN_TOKEN', 'is required when NODE_ENV=production');
  }
  if (vars.NATS_USER && !vars.NATS_PASS)
    throw new ConfigError('NATS_PASS', 'is required when NATS_USER is set');

  const ports = Object.fromEntries(
    SERVICE_NAMES.map((name) => [name, vars[portVariable(name)] ?? DEFAULT_PORTS[name]]),
  ) as Record<ServiceName, number>;
  const defaultDatabaseUrl = vars.DATABASE_URL ?? DEFAULT_DATABASE_URL;

  return {
    service,
    nodeEnv,
    logLevel: vars.LOG_LEVEL ?? 'info',
    port: ports[service],
    ports,
    databaseUrl: ownsData(service)
      ? (vars[databaseVariable(service)] ?? defaultDatabaseUrl)
      : defaultDatabaseUrl,
    schema: ownsData(service) ? SERVICE_SCHEMAS[service] : undefined,
    nats: {
      servers: (vars.NATS_URL ?? DEFAULT_NATS_URL).split(',').map((url) => url.trim()),
      user: vars.NATS_USER,
      pass: vars.NATS_PASS,
      credsFile: vars.NATS_CREDS,
      tlsCaFile: vars.NATS_TLS_CA,
      streamReplicas: vars.NATS_STREAM_REPLICAS ?? 1,
    },
    adminToken: vars.ADMIN_TOKEN ?? randomBytes(24).toString('hex'),
    adminTokenGenerated: !vars.ADMIN_TOKEN,
  };
}

function portVariable(service: ServiceName) {
  return `${service.toUpperCase()}_PORT` as `${Uppercase<ServiceName>}_PORT`;
}

function databaseVariable(service: keyof typeof SERVICE_SCHEMAS) {
  return `${service.toUpperCase()}_DATABASE_URL` as `${Uppercase<typeof service>}_DATABASE_URL`;
}

function toConfigError(error: ValidationError): ConfigError {
  const detail = Object.values(error.constraints ?? {})[0] ?? 'is invalid';
  const shown = typeof error.value === 'string' ? ` (got '${error.value}')` : '';
  return new ConfigError(error.property, `${detail.replace(`${error.property} `, '')}${shown}`);
}
