import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect, type NatsConnection } from 'nats';
import { Client } from 'pg';
import { type NatsConfig, SERVICE_NAMES, type ServiceName } from '@app/config';
import { closeNats, natsConnectionOptions } from '@app/messaging';
import { sampleSum } from '@app/observability/testing/prometheus-text';
import { type BatchSizeHistogram, batchSizeHistograms } from './batch-size-histograms';
import { readBusyTicks } from './machine-cpu';
import { findPlatformProcesses } from './platform-processes';
import { ProcessCpuLedger } from './process-cpu-ledger';
import { CLOCK_TICKS_PER_SECOND, pageSizeBytes, uptimeTicks } from './proc-stat';

/**
 * PostgreSQL 15+ backends flush their statistics (pg_stat_database) at most once a second, and a
 * backend that went idle right after a flush holds the rest for up to 10 s (PGSTAT_IDLE_INTERVAL):
 * the commit counts are read this long after the load, and before it on a platform just started.
 */
export const STATS_SETTLE_MS = 11_000;
/** How often /proc is read: a process that ends keeps only what the last sample saw of it. */
const SAMPLE_INTERVAL_MS = 1_000;
const SCRAPE_TIMEOUT_MS = 5_000;
/** The counter every app's pooled pg clients keep (libs/persistence ListenedClient). */
const STATEMENTS_METRIC = 'db_client_statements_total';

export interface PlatformMeterOptions {
  nats: NatsConfig;
  natsPort: number;
  /** The apps' database URLs: their server, and the databases whose commits count. */
  databaseUrls: readonly string[];
  /** Each app's base URL, for `/metrics`. */
  appUrls: Readonly<Record<ServiceName, string>>;
}

/** What the load cost, per saga, as the bench's JSON line adds it after the DESIGN fields. */
export interface PlatformCosts {
  cores: number;
  cpuMsPerSaga: Record<string, number | null>;
  rssMb: Record<ServiceName, number | null>;
  sqlPerSaga: {
    statements: number | null;
    commits: number;
    idleCommitsPerSec: number;
    rollbacks: number;
    statementsFrom: string;
    commitsFrom: string;
  };
  messagesPerSaga: Record<string, number>;
  batchSizes: Record<string, BatchSizeHistogram> | null;
}

/** pg_stat_database counters of the platform's databases, and when they were read. */
interface Commits {
  commits: number;
  rollbacks: number;
  at: number;
}

interface Snapshot {
  benchCpu: NodeJS.CpuUsage;
  machineTicks: number;
  streams: Map<string, number>;
  metrics: Map<ServiceName, string>;
}

/**
 * Measures what the platform spends on a load, from outside it: CPU and peak RSS of each of its
 * processes (/proc, sampled every second), SQL statements (each app's statement counter) and
 * commits (pg_stat_database) of its databases, messages stored in every JetStream stream, and the
 * apps' batch-size histograms. `start()` right before the load (it first measures the idle commit rate for 11 s), `stop(sagas)`
 * right after it (it reads the commits 11 s later).
 */
export class PlatformMeter {
  private ledger?: ProcessCpuLedger;
  private before?: Snapshot;
  private commitsBefore?: Commits;
  private idleCommitsPerMs = 0;
  private sampler?: NodeJS.Timeout;
  private sampling: Promise<void> = Promise.resolve();
  private samplingError?: Error;

  private constructor(
    private readonly options: PlatformMeterOptions,
    private readonly monitor: Client,
    private readonly databases: ReadonlySet<string>,
    private readonly nats: NatsConnection,
  ) {}

  static async open(options: PlatformMeterOptions): Promise<PlatformMeter> {
    const databases = new Set(
      options.databaseUrls.map((url) => decodeURIComponent(new URL(url).pathname.slice(1))),
    );
    // On the maintenance database, so the monitor's own statements are nobody's commits.
    const monitorUrl = new URL(options.databaseUrls[0]);
    monitorUrl.pathname = '/postgres';
    const monitor = new Client({ connectionString: monitorUrl.toString(), application_name: 'bench-meter' });
    await monitor.connect();
    const nats = await connect(natsConnectionOptions(options.nats, 'bench-meter'));
    return new PlatformMeter(options, monitor, databases, nats);
  }

  async start(): Promise<void> {
    // The apps commit while idle too (polling): that rate, measured now, is taken off the
    // commits of the settle time after the load, which belongs to no saga.
    const idleFrom = await this.readCommits();
    await sleep(STATS_SETTLE_MS);
    this.commitsBefore = await this.readCommits();
    this.idleCommitsPerMs =
      (this.commitsBefore.commits - idleFrom.commits) / (this.commitsBefore.at - idleFrom.at);
    this.ledger = new ProcessCpuLedger(uptimeTicks());
    await this.sample();
    this.before = await this.snapshot();
    this.sampler = setInterval(() => void this.sample(), SAMPLE_INTERVAL_MS);
  }

  async stop(sagas: number): Promise<PlatformCosts> {
    const { ledger, before, commitsBefore } = this;
    if (!ledger || !before || !commitsBefore) throw new Error('PlatformMeter.stop() before start()');
    clearInterval(this.sampler);
    await this.sample();
    const after = await this.snapshot();
    if (this.samplingError)
      process.stderr.write(`bench: /proc sampling failed: ${this.samplingError.message}\n`);
    const loadEndedAt = performance.now();
    await sleep(STATS_SETTLE_MS);
    const commitsAfter = await this.readCommits();
    const settleCommits = this.idleCommitsPerMs * (commitsAfter.at - loadEndedAt);

    const perSaga = (value: number) => Math.round((value / sagas) * 100) / 100;
    const ticksToMs = (ticks: number) => (ticks * 1_000) / CLOCK_TICKS_PER_SECOND;
    const ticks = ledger.ticksByGroup();
    const benchMs =
      (after.benchCpu.user - before.benchCpu.user + after.benchCpu.system - before.benchCpu.system) / 1_000;
    const groups = [...SERVICE_NAMES, 'supervisor', 'natsServer', 'postgresBackends', 'postgresBackground'];
    const cpuMs: Record<string, number | null> = {};
    let totalMs = benchMs;
    for (const group of groups) {
      const used = ticks.get(group);
      cpuMs[group] = used === undefined ? null : perSaga(ticksToMs(used));
      totalMs += used === undefined ? 0 : ticksToMs(used);
    }
    cpuMs.bench = perSaga(benchMs);
    cpuMs.total = perSaga(totalMs);
    cpuMs.machine = perSaga(ticksToMs(after.machineTicks - before.machineTicks));

    const peakRss = ledger.peakRssPagesByGroup();
    const rssMb = Object.fromEntries(
      SERVICE_NAMES.map((app) => {
        const pages = peakRss.get(app);
        return [
          app,
          pages === undefined ? null : Math.round(((pages * pageSizeBytes()) / 2 ** 20) * 10) / 10,
        ];
      }),
    ) as Record<ServiceName, number | null>;

    let statements: number | null = null;
    for (const app of SERVICE_NAMES) {
      const now = sampleSum(after.metrics.get(app) ?? '', STATEMENTS_METRIC);
      if (now === undefined) continue;
      statements =
        (statements ?? 0) + now - (sampleSum(before.metrics.get(app) ?? '', STATEMENTS_METRIC) ?? 0);
    }

    const messagesPerSaga: Record<string, number> = {};
    let messages = 0;
    for (const [stream, lastSeq] of [...after.streams].sort(([a], [b]) => a.localeCompare(b))) {
      const stored = lastSeq - (before.streams.get(stream) ?? 0);
      messagesPerSaga[stream] = perSaga(stored);
      messages += stored;
    }
    messagesPerSaga.total = perSaga(messages);

    let batchSizes: Record<string, BatchSizeHistogram> | null = null;
    for (const app of SERVICE_NAMES) {
      const histograms = batchSizeHistograms(
        app,
        before.metrics.get(app) ?? '',
        after.metrics.get(app) ?? '',
      );
      if (histograms) batchSizes = { ...(batchSizes ?? {}), ...histograms };
    }

    return {
      cores: availableParallelism(),
      cpuMsPerSaga: cpuMs,
      rssMb,
      sqlPerSaga: {
        statements: statements === null ? null : perSaga(statements),
        commits: perSaga(Math.max(0, commitsAfter.commits - commitsBefore.commits - settleCommits)),
        idleCommitsPerSec: Math.round(this.idleCommitsPerMs * 1_000 * 10) / 10,
        rollbacks: perSaga(commitsAfter.rollbacks - commitsBefore.rollbacks),
        statementsFrom: `${STATEMENTS_METRIC} of the apps (statements PostgreSQL completed on their pools)`,
        commitsFrom: `pg_stat_database xact_commit of ${[...this.databases].join(', ')}, read ${STATS_SETTLE_MS / 1_000} s after the load, less idleCommitsPerSec (measured before the load) over those seconds`,
      },
      messagesPerSaga,
      batchSizes,
    };
  }

  async close(): Promise<void> {
    clearInterval(this.sampler);
    await this.sampling;
    await this.monitor.end().catch(() => undefined);
    await closeNats(this.nats);
  }

  /** One /proc sample of every platform process; never two at once. */
  private sample(): Promise<void> {
    this.sampling = this.sampling.then(async () => {
      try {
        this.ledger?.observe(
          await findPlatformProcesses({
            natsPort: this.options.natsPort,
            monitor: this.monitor,
            platformDatabases: this.databases,
            checkout: process.cwd(),
          }),
        );
      } catch (error) {
        this.samplingError ??= error as Error;
      }
    });
    return this.sampling;
  }

  private async snapshot(): Promise<Snapshot> {
    const [streams, metrics] = await Promise.all([this.streamPositions(), this.scrapeApps()]);
    return { benchCpu: process.cpuUsage(), machineTicks: readBusyTicks(), streams, metrics };
  }

  /** Each stream's last sequence: the messages it ever stored, whatever it has deleted since. */
  private async streamPositions(): Promise<Map<string, number>> {
    const jsm = await this.nats.jetstreamManager();
    const positions = new Map<string, number>();
    for await (const info of jsm.streams.list()) positions.set(info.config.name, info.state.last_seq);
    return positions;
  }

  private async scrapeApps(): Promise<Map<ServiceName, string>> {
    const texts = await Promise.all(
      SERVICE_NAMES.map(async (app) => {
        const response = await fetch(`${this.options.appUrls[app]}/metrics`, {
          signal: AbortSignal.timeout(SCRAPE_TIMEOUT_MS),
        }).catch(() => undefined);
        return [app, response?.ok ? await response.text() : ''] as const;
      }),
    );
    return new Map(texts);
  }

  private async readCommits(): Promise<Commits> {
    const { rows } = await this.monitor.query<{ commits: string; rollbacks: string }>(
      `SELECT coalesce(sum(xact_commit), 0) AS commits, coalesce(sum(xact_rollback), 0) AS rollbacks
         FROM pg_stat_database WHERE datname = ANY($1::text[])`,
      [[...this.databases]],
    );
    return { commits: Number(rows[0].commits), rollbacks: Number(rows[0].rollbacks), at: performance.now() };
  }
}
