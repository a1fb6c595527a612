import { constants } from 'node:os';
import { join } from 'node:path';
import { AppConfig, ConfigError, DEFAULT_DATABASE_URL, loadConfig } from '@app/config';
import { buildWhenStale } from './build-if-stale';
import { APPS, appCommand } from './lib/apps';
import { displayUrl } from './lib/display-url';
import { EmbeddedPostgresServer, startEmbeddedPostgres } from './lib/embedded-postgres-server';
import { findOnPath } from './lib/find-on-path';
import { LocalNatsServer, startLocalNatsServer } from './lib/local-nats-server';
import { isAnyNatsReachable, planNats } from './lib/nats-preflight';
import { checkPostgres, planPostgres, serviceDatabaseUrls } from './lib/postgres-preflight';
import { runMain } from './lib/run-main';
import { Supervisor, describeExit, stoppedCleanly } from './lib/supervisor';
import { waitUntilReady } from './lib/wait-until-ready';
import { runAllMigrations } from './migrate';
import { provisionStreams } from './provision-streams';

const ROOT = join(__dirname, '..');
const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** A reason not to start, already phrased as the one line to print. */
class StartupError extends Error {}

/** Ctrl-C or SIGTERM arrived before the apps were running. */
class StopRequested extends Error {
  constructor(readonly signal: NodeJS.Signals) {
    super(`stopped by ${signal}`);
  }
}

/**
 * `npm start`: checks PostgreSQL and NATS (starting an embedded PostgreSQL and a local
 * nats-server when nothing answers on their default URLs), builds what changed, migrates,
 * provisions the streams, then runs the six apps until Ctrl-C or until one of them dies.
 */
async function main(): Promise<number> {
  const stopping = new AbortController();
  const stopRequested = new Promise<NodeJS.Signals>((resolve) =>
    // The handlers stay installed, so a repeated Ctrl-C does not cut the graceful stop short.
    STOP_SIGNALS.forEach((signal) =>
      process.on(signal, () => {
        stopping.abort();
        resolve(signal);
      }),
    ),
  );
  const untilStopped = <T>(work: Promise<T>): Promise<T> =>
    Promise.race([work, stopRequested.then((signal) => Promise.reject(new StopRequested(signal)))]);

  let localNats: LocalNatsServer | undefined;
  let embeddedPostgres: EmbeddedPostgresServer | undefined;
  try {
    const env: NodeJS.ProcessEnv = { ...process.env };
    const config = loadConfig('orchestrator', env);
    if (config.adminTokenGenerated) env.ADMIN_TOKEN = config.adminToken;

    const checks = await untilStopped(Promise.all(serviceDatabaseUrls(env).map((url) => checkPostgres(url))));
    const postgres = planPostgres(checks);
    if (postgres.action === 'fail') throw new StartupError(postgres.message);
    if (postgres.action === 'start-embedded') {
      console.log(
        `Nothing answers on ${displayUrl(DEFAULT_DATABASE_URL)}: starting an embedded PostgreSQL on ` +
          `127.0.0.1:${postgres.port} (data: .data/postgres, log: .data/postgres.log)`,
      );
      embeddedPostgres = await untilStopped(
        startEmbeddedPostgres({
          port: postgres.port,
          dataDir: join(ROOT, '.data', 'postgres'),
          logFile: join(ROOT, '.data', 'postgres.log'),
        }),
      );
    }

    const servers = config.nats.servers;
    const nats = planNats(
      servers,
      await untilStopped(isAnyNatsReachable(servers)),
      findOnPath('nats-server', env),
    );
    if (nats.action === 'fail') throw new StartupError(nats.message);
    if (nats.action === 'start-local') {
      console.log(
        `Starting nats-server on ${nats.address.host}:${nats.address.port} (log: .data/nats-server.log)`,
      );
      localNats = await untilStopped(
        startLocalNatsServer({
          ...nats.address,
          storeDir: join(ROOT, '.data', 'nats'),
          logFile: join(ROOT, '.data', 'nats-server.log'),
        }),
      );
    }

    if (config.adminTokenGenerated) console.log(`Admin token: ${config.adminToken}`);

    console.log('Building what changed…');
    const buildExit = await untilStopped(buildWhenStale(env));
    if (buildExit !== 0) return 1;
    await untilStopped(runAllMigrations(env));
    await untilStopped(provisionStreams(config.nats));
    console.log('JetStream streams are provisioned');

    return await superviseApps(env, config.ports, stopRequested, stopping.signal);
  } catch (error) {
    if (error instanceof StopRequested) return 128 + constants.signals[error.signal];
    if (error instanceof StartupError || error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    // The apps have stopped by now; their servers go last.
    await embeddedPostgres?.stop();
    await localNats?.stop();
  }
}

async function superviseApps(
  env: NodeJS.ProcessEnv,
  ports: AppConfig['ports'],
  stopRequested: Promise<NodeJS.Signals>,
  stopping: AbortSignal,
): Promise<number> {
  const supervisor = new Supervisor();
  supervisor.start(APPS.map((app) => ({ name: app, ...appCommand(app), cwd: ROOT, env })));
  void announceWhenReady(ports, stopping);

  const outcome = await Promise.race([
    stopRequested.then((signal) => ({ signal })),
    supervisor.unexpectedExit.then((exit) => ({ exit })),
  ]);
  if ('exit' in outcome) {
    console.error(`${outcome.exit.name} ${describeExit(outcome.exit)} unexpectedly: stopping all apps`);
  } else {
    console.log(`Received ${outcome.signal}: stopping all apps`);
  }
  const exits = await supervisor.stop();
  return 'exit' in outcome || !exits.every(stoppedCleanly) ? 1 : 0;
}

async function announceWhenReady(ports: AppConfig['ports'], stopping: AbortSignal): Promise<void> {
  const readyUrls = Object.fromEntries(
    APPS.map((app) => [app, `http://127.0.0.1:${ports[app]}/health/ready`]),
  );
  const notReady = await waitUntilReady(readyUrls, { timeoutMs: 120_000, intervalMs: 250, signal: stopping });
  if (stopping.aborted) return;
  if (notReady.length > 0) {
    console.error(`Not ready after 2 minutes: ${notReady.join(', ')}`);
    return;
  }
  console.log(
    `All apps are ready. Gateway: http://127.0.0.1:${ports.gateway} (docs at /docs), ` +
      `orchestrator admin API: http://127.0.0.1:${ports.orchestrator}/admin/sagas`,
  );
}

if (require.main === module) runMain(main, 'npm start');
