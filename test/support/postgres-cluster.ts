import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { TestDatabase } from './database';
import { freePort } from './free-port';

const run = promisify(execFile);
const POSTGRESQL_ROOT = '/usr/lib/postgresql';
/** The server refuses to run as root, so every binary runs as the cluster owner. */
const OWNER = 'postgres';

/** A PostgreSQL server a test owns: it may stop it (an outage) and start it again on the same data. */
export interface TestPostgresCluster {
  port: number;
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  adminUrl: string;
  /** Whether the server accepts connections now (false between `stop` and `start`). */
  running(): boolean;
  /** Shuts the server down; `fast` disconnects clients cleanly, `immediate` is a crash. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Starts the server again on the same data directory and port. */
  start(): Promise<void>;
  /** An empty, uniquely named database on this cluster, shaped as `createTestDatabase` makes one. */
  createDatabase(prefix?: string): Promise<TestDatabase>;
  /** Stops the server and deletes its data directory. */
  dispose(): Promise<void>;
}

/** The newest PostgreSQL found under /usr/lib/postgresql/<version>/bin. */
export function postgresBinDir(): string {
  const versions = existsSync(POSTGRESQL_ROOT)
    ? readdirSync(POSTGRESQL_ROOT)
        .filter((entry) => existsSync(join(POSTGRESQL_ROOT, entry, 'bin', 'pg_ctl')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0)
    throw new Error(`no PostgreSQL server binaries under ${POSTGRESQL_ROOT}/<version>/bin`);
  return join(POSTGRESQL_ROOT, versions[0], 'bin');
}

/**
 * Creates a private PostgreSQL cluster (initdb in a temporary directory, trust auth, loopback,
 * a free port) and starts it. Durability is off (fsync) because a test's data is disposable;
 * a `stop`/`start` still keeps every committed row.
 */
export async function startPostgresCluster(): Promise<TestPostgresCluster> {
  const bin = postgresBinDir();
  const port = await freePort();
  const root = mkdtempSync(join(tmpdir(), 'saga-pg-'));
  const dataDir = join(root, 'data');
  const { uid, gid } = await ownerIds();
  chownSync(root, uid, gid);
  const asOwner = (tool: string, args: string[]) =>
    run('runuser', ['-u', OWNER, '--', join(bin, tool), ...args], { cwd: root });

  await asOwner('initdb', [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '-A',
    'trust',
    '-E',
    'UTF8',
    '--no-sync',
    '--no-instructions',
  ]);
  const serverOptions = [
    `-p ${port}`,
    `-k ${root}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=200',
  ].join(' ');
  let up = false;
  const start = async () => {
    await asOwner('pg_ctl', [
      '-D',
      dataDir,
      '-l',
      join(root, 'server.log'),
      '-o',
      serverOptions,
      '-w',
      '-t',
      '30',
      'start',
    ]);
    up = true;
  };
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    if (!up) return;
    up = false;
    await asOwner('pg_ctl', ['-D', dataDir, '-m', mode, '-w', '-t', '30', 'stop']);
  };

  await start();
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    port,
    adminUrl,
    running: () => up,
    stop,
    start,
    createDatabase: (prefix = 'test') => createDatabaseOn(adminUrl, prefix),
    dispose: async () => {
      await stop('immediate').catch(() => undefined);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

async function ownerIds(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', OWNER]), run('id', ['-g', OWNER])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

async function createDatabaseOn(adminUrl: string, prefix: string): Promise<TestDatabase> {
  const name = `${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(5).toString('hex')}`;
  const withAdmin = async (sql: string) => {
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await withAdmin(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => withAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}
