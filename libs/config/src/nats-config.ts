import { accessSync, constants, statSync } from 'node:fs';
import type { NatsConfig } from './app-config';
import { ConfigError } from './config-error';
import type { EnvironmentVariables } from './environment-variables';

export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';

/** The NATS connection settings: one way to authenticate at most, and files that can be read. */
export function natsConfig(vars: EnvironmentVariables): NatsConfig {
  if (vars.NATS_USER && !vars.NATS_PASS)
    throw new ConfigError('NATS_PASS', 'is required when NATS_USER is set');
  if (vars.NATS_PASS && !vars.NATS_USER)
    throw new ConfigError('NATS_USER', 'is required when NATS_PASS is set');
  const methods = (['NATS_USER', 'NATS_TOKEN', 'NATS_CREDS'] as const).filter((name) => vars[name]);
  if (methods.length > 1) {
    throw new ConfigError(
      methods[1],
      `cannot be combined with ${methods[0]}: choose one way to authenticate`,
    );
  }
  if (vars.NATS_TLS_CERT && !vars.NATS_TLS_KEY)
    throw new ConfigError('NATS_TLS_KEY', 'is required when NATS_TLS_CERT is set');
  if (vars.NATS_TLS_KEY && !vars.NATS_TLS_CERT)
    throw new ConfigError('NATS_TLS_CERT', 'is required when NATS_TLS_KEY is set');

  return {
    servers: (vars.NATS_URL ?? DEFAULT_NATS_URL).split(',').map((url) => url.trim()),
    user: vars.NATS_USER,
    pass: vars.NATS_PASS,
    token: vars.NATS_TOKEN,
    credsFile: readableFile('NATS_CREDS', vars.NATS_CREDS),
    tlsCaFile: readableFile('NATS_TLS_CA', vars.NATS_TLS_CA),
    tlsCertFile: readableFile('NATS_TLS_CERT', vars.NATS_TLS_CERT),
    tlsKeyFile: readableFile('NATS_TLS_KEY', vars.NATS_TLS_KEY),
    streamReplicas: vars.NATS_STREAM_REPLICAS ?? 1,
  };
}

function readableFile(variable: string, path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  try {
    if (!statSync(path).isFile()) throw new Error('not a regular file');
    accessSync(path, constants.R_OK);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError(variable, `cannot read file '${path}' (${reason})`);
  }
  return path;
}
