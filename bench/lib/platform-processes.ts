import { readlinkSync } from 'node:fs';
import type { Client } from 'pg';
import { SERVICE_NAMES, type ServiceName } from '@app/config';
import { pidsListeningOn } from './listening-sockets';
import type { GroupedProcess } from './process-cpu-ledger';
import { listProcessIds, readCommandLine, readProcStat } from './proc-stat';

/** Where the bench books a process's CPU: one of the six apps, or the platform around them. */
export type PlatformGroup =
  ServiceName | 'supervisor' | 'natsServer' | 'postgresBackends' | 'postgresBackground';

const APP_MAIN = /(?:^|\/)dist\/apps\/([a-z-]+)\/src\/main\.js$/;

/**
 * The group of a process from its arguments: an app runs its compiled `main.js` (scripts/lib/apps.ts),
 * and `npm start`'s supervisor, which relays every app's output, runs `scripts/start.ts`.
 */
export function groupOfCommandLine(args: readonly string[]): ServiceName | 'supervisor' | undefined {
  for (const arg of args) {
    const app = APP_MAIN.exec(arg)?.[1];
    if (app && (SERVICE_NAMES as readonly string[]).includes(app)) return app as ServiceName;
    if (/(?:^|\/)scripts\/start\.ts$/.test(arg)) return 'supervisor';
  }
  return undefined;
}

/** One row of `pg_stat_activity`. */
export interface PostgresActivity {
  pid: number;
  datname: string | null;
  backend_type: string;
}

/**
 * A PostgreSQL process's group: a client backend counts when it serves one of the platform's
 * databases (other databases' backends, the bench's own among them, are someone else's); every
 * background process (WAL writer, checkpointer, …) serves the whole server, this load included.
 */
export function groupOfPostgresProcess(
  activity: PostgresActivity,
  platformDatabases: ReadonlySet<string>,
): 'postgresBackends' | 'postgresBackground' | undefined {
  if (activity.backend_type !== 'client backend') return 'postgresBackground';
  return activity.datname !== null && platformDatabases.has(activity.datname)
    ? 'postgresBackends'
    : undefined;
}

export interface PlatformProcessesOptions {
  natsPort: number;
  /** A connection to the PostgreSQL server the apps use, to a database outside `platformDatabases`. */
  monitor: Client;
  platformDatabases: ReadonlySet<string>;
  /** The checkout whose platform is measured: its apps and supervisor run with it as working directory. */
  checkout: string;
}

function workingDirectory(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return undefined;
  }
}

/**
 * The platform's processes on this machine now, each with its /proc stat: the apps (any number of
 * replicas), npm start's supervisor, the nats-server listening on the NATS port, and PostgreSQL's
 * processes as `pg_stat_activity` lists them (plus the postmaster). A server on another machine
 * contributes nothing: a pid it reports is only taken when this machine's process of that pid
 * is a `postgres` too.
 */
export async function findPlatformProcesses(options: PlatformProcessesOptions): Promise<GroupedProcess[]> {
  const found: GroupedProcess[] = [];
  const natsCandidates: number[] = [];
  for (const pid of listProcessIds()) {
    const stat = readProcStat(pid);
    if (!stat) continue;
    if (stat.comm === 'nats-server') natsCandidates.push(pid);
    else {
      const group = groupOfCommandLine(readCommandLine(pid) ?? []);
      // Another checkout's platform (a CI clone running beside this one) runs the same command line.
      if (group && workingDirectory(pid) === options.checkout) found.push({ group, stat });
    }
  }
  for (const pid of pidsListeningOn(options.natsPort, natsCandidates)) {
    const stat = readProcStat(pid);
    if (stat) found.push({ group: 'natsServer', stat });
  }
  found.push(...(await postgresProcesses(options.monitor, options.platformDatabases)));
  return found;
}

async function postgresProcesses(
  monitor: Client,
  platformDatabases: ReadonlySet<string>,
): Promise<GroupedProcess[]> {
  const { rows } = await monitor.query<PostgresActivity>(
    'SELECT pid, datname, backend_type FROM pg_stat_activity',
  );
  const found: GroupedProcess[] = [];
  let postmaster: number | undefined;
  for (const activity of rows) {
    const stat = readProcStat(activity.pid);
    if (stat?.comm !== 'postgres') continue;
    postmaster ??= stat.ppid;
    const group = groupOfPostgresProcess(activity, platformDatabases);
    if (group) found.push({ group, stat });
  }
  const postmasterStat = postmaster === undefined ? undefined : readProcStat(postmaster);
  if (postmasterStat?.comm === 'postgres') found.push({ group: 'postgresBackground', stat: postmasterStat });
  return found;
}
