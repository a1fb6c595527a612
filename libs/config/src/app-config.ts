import type { ServiceName } from './service-name';

export interface NatsConfig {
  servers: string[];
  user?: string;
  pass?: string;
  credsFile?: string;
  tlsCaFile?: string;
  streamReplicas: number;
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
  nats: NatsConfig;
  /** Always set: from ADMIN_TOKEN, or generated for a development process. */
  adminToken: string;
  adminTokenGenerated: boolean;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
