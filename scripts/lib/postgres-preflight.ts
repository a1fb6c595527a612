import { readdirSync } from 'node:fs';
import { SERVICE_NAMES, loadConfig, ownsData } from '@app/config';
import { Client } from 'pg';
import { displayUrl } from './display-url';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '']);

/** Connects once with a short timeout; resolves to one printable line when PostgreSQL is not usable. */
export async function postgresProblem(url: string, timeoutMs = 3000): Promise<string | undefined> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    return postgresFailureMessage(url, error as Error & { code?: string }, installedPostgresVersion());
  } finally {
    await client.end().catch(() => undefined);
  }
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
