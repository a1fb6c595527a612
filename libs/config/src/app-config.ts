import type { ServiceName } from './service-name';

export interface NatsConfig {
  servers: string[];
  user?: string;
  pass?: string;
  token?: string;
  credsFile?: string;
  tlsCaFile?: string;
  /** Client certificate and key for mutual TLS; always set together. */
  tlsCertFile?: string;
  tlsKeyFile?: string;
  streamReplicas: number;
}

/**
 * What a participant process runs: `web` the HTTP endpoints and the NATS query responders (the
 * read side), `worker` the JetStream command consumer and the outbox relay (plus `/health` and
 * `/metrics`), `all` both. The gateway and the orchestrator always run `all`.
 */
export const SERVICE_ROLES = ['web', 'worker', 'all'] as const;
export type ServiceRole = (typeof SERVICE_ROLES)[number];

/** Serves the read side: HTTP endpoints and NATS query responders. */
export const servesWeb = (role: ServiceRole): boolean => role !== 'worker';
/** Does the background work: JetStream command consumers and the outbox relay. */
export const runsWorker = (role: ServiceRole): boolean => role !== 'web';

export interface RateLimit {
  limit: number;
  windowMs: number;
}

/** The validated, typed configuration of one service process. */
export interface AppConfig {
  service: ServiceName;
  nodeEnv: 'development' | 'production' | 'test';
  logLevel: string;
  port: number;
  ports: Record<ServiceName, number>;
  /** The database this service uses; the gateway owns no schema but may read the default. */
  databaseUrl: string;
  /** The PostgreSQL schema this service owns, or undefined for the gateway. */
  schema?: string;
  /** Connections in this process's database pool. */
  databasePoolSize: number;
  nats: NatsConfig;
  role: ServiceRole;
  /** `POST /orders` requests allowed per client IP per window (gateway). */
  orderRateLimit: RateLimit;
  /** Always set: from ADMIN_TOKEN, or generated for a development process. */
  adminToken: string;
  adminTokenGenerated: boolean;
  /** After a stop signal: readiness answers 503 this long before the app closes (`SHUTDOWN_DRAIN_DELAY_MS`). */
  shutdownDrainDelayMs: number;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
