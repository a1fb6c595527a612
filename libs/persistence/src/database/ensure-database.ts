import { Client } from 'pg';
import { quoteIdent } from '../sql';
import { clientSettings } from './connection-settings';

const DUPLICATE_DATABASE = '42P04';
/** What a losing concurrent CREATE DATABASE reports: pg_database's unique name index. */
const UNIQUE_VIOLATION = '23505';

/**
 * Creates the database `url` names unless it exists, through the server's `postgres`
 * database. Safe when several processes call it at once: the losers' duplicate errors are
 * the outcome they wanted.
 */
export async function ensureDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  const client = new Client(clientSettings({ connectionString: maintenanceUrl(url) }));
  client.on('error', () => undefined); // a lost connection rejects the query in flight; it must not crash the boot
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (existing.rowCount === 0) await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== DUPLICATE_DATABASE && code !== UNIQUE_VIOLATION) throw error;
  } finally {
    await client.end();
  }
}

function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!name) throw new Error('the database URL names no database');
  return name;
}

function maintenanceUrl(url: string): string {
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  return maintenance.toString();
}
