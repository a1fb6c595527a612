import type { Queryable } from '../sql';
import { type PruneBatch, pruneInBatches } from './prune-batches';

/** One kind of row to prune: those older than `retentionMs`. */
export interface PruneJob {
  /** Names the rows in logs and reports, e.g. `orchestrator.inbox`. */
  name: string;
  retentionMs: number;
  batch(olderThan: Date): PruneBatch;
}

export interface RetentionLogger {
  log(message: string): void;
  warn(message: string): void;
}

export interface RetentionScheduleOptions {
  db: Queryable;
  jobs: readonly PruneJob[];
  intervalMs: number;
  batchSize: number;
  logger: RetentionLogger;
  now?: () => Date;
}

/** Rows removed per job by one pruning. */
export type PruneReport = Record<string, number>;

/**
 * Prunes every job's old rows at start and then every `intervalMs`. A failed pruning (the
 * database is away) is logged and tried again at the next interval; nothing else depends on it.
 */
export class RetentionSchedule {
  private timer?: NodeJS.Timeout;
  private running?: Promise<PruneReport>;
  private stopped = false;

  constructor(private readonly options: RetentionScheduleOptions) {}

  start(): void {
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pruning of every job, now; a run already in progress is joined rather than doubled. */
  runOnce(): Promise<PruneReport> {
    this.running ??= this.pruneAll().finally(() => (this.running = undefined));
    return this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.runOnce()
        .catch((error: Error) =>
          this.options.logger.warn(
            `pruning failed, next try in ${this.options.intervalMs} ms: ${error.message}`,
          ),
        )
        .finally(() => this.schedule(this.options.intervalMs));
    }, delayMs);
    this.timer.unref();
  }

  private async pruneAll(): Promise<PruneReport> {
    const now = (this.options.now ?? (() => new Date()))();
    const report: PruneReport = {};
    for (const job of this.options.jobs) {
      const olderThan = new Date(now.getTime() - job.retentionMs);
      report[job.name] = await pruneInBatches(this.options.db, job.batch(olderThan), this.options.batchSize);
    }
    const removed = Object.entries(report).filter(([, count]) => count > 0);
    if (removed.length > 0)
      this.options.logger.log(`pruned ${removed.map(([name, count]) => `${count} ${name}`).join(', ')}`);
    return report;
  }
}
