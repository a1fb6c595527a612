import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { SERVICE_ROLES, type ServiceRole } from './app-config';

const NATS_URL_LIST = /^(nats|tls|ws|wss):\/\/[^\s,]+(,(nats|tls|ws|wss):\/\/[^\s,]+)*$/;
const POSTGRES_URL = /^postgres(ql)?:\/\/[^\s]+$/;
const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;

const port = () => [IsOptional(), Transform(toInt), IsInt(), Min(1), Max(65535)];
function Port(): PropertyDecorator {
  return (target, key) => port().forEach((decorate) => decorate(target, key));
}
function PositiveInt(what: string): PropertyDecorator {
  return (target, key) => {
    const message = `${String(key)} must be ${what}`;
    [IsOptional(), Transform(toInt), IsInt({ message }), Min(1, { message })].forEach((decorate) =>
      decorate(target, key),
    );
  };
}
function DatabaseUrl(): PropertyDecorator {
  return (target, key) => {
    IsOptional()(target, key);
    Matches(POSTGRES_URL, { message: `${String(key)} must be a postgres:// URL` })(target, key);
  };
}

/** Every variable the platform reads. All optional; defaults live in `loadConfig`. */
export class EnvironmentVariables {
  @IsOptional()
  @Matches(NATS_URL_LIST, { message: 'NATS_URL must be a nats:// URL or a comma-separated list of them' })
  NATS_URL?: string;

  @DatabaseUrl() DATABASE_URL?: string;
  @DatabaseUrl() ORCHESTRATOR_DATABASE_URL?: string;
  @DatabaseUrl() ORDER_DATABASE_URL?: string;
  @DatabaseUrl() PAYMENT_DATABASE_URL?: string;
  @DatabaseUrl() INVENTORY_DATABASE_URL?: string;
  @DatabaseUrl() SHIPPING_DATABASE_URL?: string;

  @Port() GATEWAY_PORT?: number;
  @Port() ORCHESTRATOR_PORT?: number;
  @Port() ORDER_PORT?: number;
  @Port() PAYMENT_PORT?: number;
  @Port() INVENTORY_PORT?: number;
  @Port() SHIPPING_PORT?: number;

  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'ADMIN_TOKEN must be at least 16 characters' })
  ADMIN_TOKEN?: string;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    message: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
  })
  LOG_LEVEL?: string;

  @IsOptional()
  @IsIn(['development', 'production', 'test'], {
    message: 'NODE_ENV must be development, production or test',
  })
  NODE_ENV?: string;

  @IsOptional() @IsString() @MinLength(1) NATS_USER?: string;
  @IsOptional() @IsString() @MinLength(1) NATS_PASS?: string;
  @IsOptional() @IsString() @MinLength(1) NATS_TOKEN?: string;
  @IsOptional() @IsString() @MinLength(1) NATS_CREDS?: string;
  @IsOptional() @IsString() @MinLength(1) NATS_TLS_CA?: string;
  @IsOptional() @IsString() @MinLength(1) NATS_TLS_CERT?: string;
  @IsOptional() @IsString() @MinLength(1) NATS_TLS_KEY?: string;

  @IsOptional()
  @Transform(toInt)
  @IsIn([1, 3, 5], { message: 'NATS_STREAM_REPLICAS must be 1, 3 or 5' })
  NATS_STREAM_REPLICAS?: number;

  @IsOptional()
  @IsIn(SERVICE_ROLES, { message: 'ROLE must be web, worker or all' })
  ROLE?: ServiceRole;

  @PositiveInt('a whole number of requests, at least 1') ORDER_RATE_LIMIT?: number;
  @PositiveInt('a whole number of connections, at least 1') DATABASE_POOL_SIZE?: number;
  @PositiveInt('a whole number of milliseconds, at least 1') ORDER_RATE_WINDOW_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'SHUTDOWN_DRAIN_DELAY_MS must be a whole number of milliseconds, 0 or more' })
  @Min(0, { message: 'SHUTDOWN_DRAIN_DELAY_MS must be a whole number of milliseconds, 0 or more' })
  SHUTDOWN_DRAIN_DELAY_MS?: number;
}
