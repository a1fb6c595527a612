import { randomBytes } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import type { AppConfig, RateLimit, ServiceRole } from './app-config';
import { ConfigError } from './config-error';
import { EnvironmentVariables } from './environment-variables';
import { natsConfig } from './nats-config';
import {
  DEFAULT_PORTS,
  SERVICE_NAMES,
  SERVICE_SCHEMAS,
  ServiceName,
  isParticipant,
  ownsData,
} from './service-name';

/** node-postgres' own default; six apps at 10 each stay well under PostgreSQL's 100 connections. */
export const DEFAULT_DATABASE_POOL_SIZE = 10;

/** Generous enough that one client running `npm run bench -- --concurrency 64` is never throttled. */
export const DEFAULT_ORDER_RATE_LIMIT: RateLimit = { limit: 1_000, windowMs: 1_000 };
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/saga_orchestrator';

/**
 * How long a production process answers `/health/ready` with 503 after SIGTERM before it closes:
 * long enough for a load balancer polling readiness every few seconds to stop sending to it.
 * Development and test processes close at once.
 */
export const PRODUCTION_SHUTDOWN_DRAIN_DELAY_MS = 5_000;

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
  const role: ServiceRole = vars.ROLE ?? 'all';
  if (role !== 'all' && !isParticipant(service)) {
    throw new ConfigError('ROLE', `must be all for the ${service} (web and worker apply to participants)`);
  }

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
    databasePoolSize: vars.DATABASE_POOL_SIZE ?? DEFAULT_DATABASE_POOL_SIZE,
    nats: natsConfig(vars),
    role,
    orderRateLimit: {
      limit: vars.ORDER_RATE_LIMIT ?? DEFAULT_ORDER_RATE_LIMIT.limit,
      windowMs: vars.ORDER_RATE_WINDOW_MS ?? DEFAULT_ORDER_RATE_LIMIT.windowMs,
    },
    adminToken: vars.ADMIN_TOKEN ?? randomBytes(24).toString('hex'),
    adminTokenGenerated: !vars.ADMIN_TOKEN,
    shutdownDrainDelayMs:
      vars.SHUTDOWN_DRAIN_DELAY_MS ?? (nodeEnv === 'production' ? PRODUCTION_SHUTDOWN_DRAIN_DELAY_MS : 0),
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
