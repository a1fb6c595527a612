import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { checkPostgres } from './postgres-preflight';
import { exited, stopChild } from './stop-child';

const RUNNER = join(__dirname, '..', 'embedded-postgres.ts');

export interface EmbeddedPostgresOptions {
  port: number;
  /** The cluster's files, created on the first start and kept across runs. */
  dataDir: string;
  /** The server's output goes here (appended), not to the terminal. */
  logFile: string;
  /** initdb on a first start takes a few seconds; a later start well under one. */
  startTimeoutMs?: number;
}

export interface EmbeddedPostgresServer {
  /** Where it answers, as the default `DATABASE_URL` spells it (user `postgres`, trusted). */
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts `scripts/embedded-postgres.ts` in a process group of its own (a Ctrl-C must not stop
 * PostgreSQL before the apps have drained) and resolves once it accepts a login.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresServer> {
  // Run as root, PostgreSQL runs as the `postgres` user, which must be able to reach its folder
  // (a new folder gets 0755 under the usual umask).
  mkdirSync(dirname(options.dataDir), { recursive: true });
  mkdirSync(dirname(options.logFile), { recursive: true });
  const log = openSync(options.logFile, 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', RUNNER, options.dataDir, String(options.port)], {
    cwd: join(__dirname, '..', '..'),
    stdio: ['ignore', log, log],
    detached: true,
  });
  closeSync(log);
  const spawnFailure = new Promise<{ error: Error }>((resolve) =>
    child.once('error', (error) => resolve({ error })),
  );

  const exit = exited(child).then(() => 'exited' as const);

  const url = `postgres://postgres@127.0.0.1:${options.port}/postgres`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  for (;;) {
    if ((await checkPostgres(url, 1000)).problem === undefined) break;
    const outcome = await Promise.race([spawnFailure, exit, delay(100)]);
    if (typeof outcome === 'object') {
      throw new Error(`could not start embedded PostgreSQL: ${outcome.error.message}`);
    }
    if (outcome === 'exited' || Date.now() > deadline) {
      await stopChild(child, 10_000);
      const reason = outcome === 'exited' ? `exited with code ${child.exitCode}` : 'timed out';
      throw new Error(
        `embedded PostgreSQL did not start on 127.0.0.1:${options.port} (${reason}); see ${options.logFile}`,
      );
    }
  }
  return {
    url,
    stop: async () => {
      await stopChild(child, 15_000);
    },
  };
}

function delay(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms));
}
