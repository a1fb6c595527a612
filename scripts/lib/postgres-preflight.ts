import { readdirSync } from 'node:fs';
import { DEFAULT_DATABASE_URL, SERVICE_NAMES, loadConfig, ownsData } from '@app/config';
import { Client } from 'pg';
import { displayUrl } from './display-url';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '']);

/** What one connection attempt found: `problem` is one printable line when PostgreSQL is not usable. */
export interface PostgresCheck {
  url: string;
  problem?: string;
  /** Nothing accepted the connection: no server listens there. */
  nothingListens: boolean;
}

export type PostgresPlan =
  { action: 'use' } | { action: 'start-embedded'; port: number } | { action: 'fail'; message: string };

/** Connects once with a short timeout. */
export async function checkPostgres(url: string, timeoutMs = 3000): Promise<PostgresCheck> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return { url, nothingListens: false };
  } catch (error) {
    const failure = error as Error & { code?: string };
    return {
      url,
      problem: postgresFailureMessage(url, failure, installedPostgresVersion()),
      nothingListens: failure.code === 'ECONNREFUSED',
    };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Connects once with a short timeout; resolves to one printable line when PostgreSQL is not usable. */
export async function postgresProblem(url: string, timeoutMs = 3000): Promise<string | undefined> {
  return (await checkPostgres(url, timeoutMs)).problem;
}

/**
 * What `npm start` does about PostgreSQL: use the configured servers, start an embedded one when
 * nothing listens on the default URL (and no other URL is configured), or stop with the first
 * problem. A server that answers but refuses is never replaced: that is a configuration to fix.
 */
export function planPostgres(checks: readonly PostgresCheck[]): PostgresPlan {
  const failed = checks.filter((check) => check.problem !== undefined);
  if (failed.length === 0) return { action: 'use' };
  const onlyDefault = checks.length === 1 && checks[0].url === DEFAULT_DATABASE_URL;
  if (onlyDefault && failed[0].nothingListens) {
    return { action: 'start-embedded', port: Number(new URL(DEFAULT_DATABASE_URL).port) };
  }
  return { action: 'fail', message: failed[0].problem as string };
}

/**
 * What to tell the user about a failed connection. A missing database is fine: it is created
 * before the migrations run.
 */
export function postgresFailureMessage(
  url: string,
  error: Error & { code?: string },
  installedVersion: string | undefined,
): string | undefined {
  if (error.code === '3D000') return undefined;
  if (error.code?.startsWith('28'))
    return `PostgreSQL at ${displayUrl(url)} refused the login: ${error.message}`;
  if (!isLocal(url)) {
    return `PostgreSQL is not reachable at ${displayUrl(url)}: check that it is running and that DATABASE_URL is right (${error.message})`;
  }
  return `PostgreSQL is not reachable at ${displayUrl(url)}: start it with: pg_ctlcluster --skip-systemctl-redirect ${installedVersion ?? '<version>'} main start`;
}

/** The newest PostgreSQL server installed the Debian way (`/usr/lib/postgresql/<major>`), if any. */
export function installedPostgresVersion(root = '/usr/lib/postgresql'): string | undefined {
  try {
    const versions = readdirSync(root).filter((name) => /^\d+$/.test(name));
    return versions.sort((a, b) => Number(b) - Number(a))[0];
  } catch {
    return undefined;
  }
}

function isLocal(url: string): boolean {
  try {
    return LOCAL_HOSTS.has(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** Every distinct database URL the services will use, so each server is checked once. */
export function serviceDatabaseUrls(env: NodeJS.ProcessEnv): string[] {
  return [...new Set(SERVICE_NAMES.filter(ownsData).map((service) => loadConfig(service, env).databaseUrl))];
}
