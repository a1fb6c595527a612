import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@test/support';
import { Client } from 'pg';
import { startEmbeddedPostgres } from './embedded-postgres-server';
import { canConnect } from './tcp';

/** The PostgreSQL `npm start` runs when nothing answers on the default DATABASE_URL. */
describe('startEmbeddedPostgres', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'embedded-postgres-'));
    // As root the server runs as the `postgres` user, which must reach the data folder.
    chmodSync(dir, 0o755);
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function query(url: string, sql: string): Promise<unknown[]> {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  }

  it('creates a cluster on first start, keeps its data across a restart, and stops', async () => {
    const port = await freePort();
    const options = { port, dataDir: join(dir, 'postgres'), logFile: join(dir, 'logs', 'postgres.log') };

    const first = await startEmbeddedPostgres(options);
    expect(first.url).toBe(`postgres://postgres@127.0.0.1:${port}/postgres`);
    await query(first.url, 'CREATE DATABASE saga_orchestrator');
    const appUrl = `postgres://postgres@127.0.0.1:${port}/saga_orchestrator`;
    await query(appUrl, 'CREATE TABLE kept (id int); INSERT INTO kept VALUES (42)');
    await first.stop();
    expect(await canConnect('127.0.0.1', port, 1000)).toBe(false);

    const second = await startEmbeddedPostgres(options);
    try {
      expect(await query(appUrl, 'SELECT id FROM kept')).toEqual([{ id: 42 }]);
    } finally {
      await second.stop();
    }
    expect(readFileSync(options.logFile, 'utf8')).toContain('database system is ready to accept connections');
  });

  it('fails with the log file to read when the server cannot start', async () => {
    const dataDir = join(dir, 'postgres');
    const running = await startEmbeddedPostgres({
      port: await freePort(),
      dataDir,
      logFile: join(dir, 'a.log'),
    });
    try {
      // A second server on the same cluster refuses to start (its lock file is taken).
      const logFile = join(dir, 'b.log');
      await expect(startEmbeddedPostgres({ port: await freePort(), dataDir, logFile })).rejects.toThrow(
        `(exited with code 1); see ${logFile}`,
      );
      expect(readFileSync(logFile, 'utf8')).toContain('lock file "postmaster.pid" already exists');
    } finally {
      await running.stop();
    }
  });
});
