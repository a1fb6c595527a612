import { setTimeout as delay } from 'node:timers/promises';
import { Client } from 'pg';
import { RetryBackoff, retryDelayMs } from '../outbox/retry-delay';
import { clientSettings } from './connection-settings';
import { isDatabaseInfrastructureFailure, isDatabaseUnavailable } from './database-failure';

export interface DatabaseAvailabilityOptions {
  /** Succeeds when the database answers; `probeDatabase(url)` by default. */
  probe: () => Promise<unknown>;
  /** Pause between probes while the database is down. Default 250 ms doubling up to 5 s. */
  backoff?: RetryBackoff;
  logger?: { warn(message: string): unknown; log?(message: string): unknown };
  /** Name in the log lines. */
  name?: string;
}

/**
 * The consumers' view of one service database (an `InfrastructureGuard`, structurally): told
 * that a handler failed because the database was unreachable, it holds every consumer's pulls
 * and probes the database, on a fresh connection, until it answers; then it lets them pull again.
 * Contention (serialization failures, deadlocks, timeouts) is an infrastructure failure too, but
 * does not pause anything.
 */
export class DatabaseAvailability {
  private outage?: Promise<void>;
  private readonly backoff: RetryBackoff;

  constructor(private readonly options: DatabaseAvailabilityOptions) {
    this.backoff = options.backoff ?? { initialMs: 250, maxMs: 5_000 };
  }

  get available(): boolean {
    return this.outage === undefined;
  }

  isInfrastructureFailure(error: unknown): boolean {
    return isDatabaseInfrastructureFailure(error);
  }

  failed(error: unknown): void {
    if (!isDatabaseUnavailable(error) || this.outage) return;
    this.warn(`database unreachable (${messageOf(error)}); consumers pause until it answers`);
    this.outage = this.probeUntilAnswered().finally(() => (this.outage = undefined));
  }

  async whenAvailable(signal: AbortSignal): Promise<void> {
    const outage = this.outage;
    if (!outage || signal.aborted) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        signal.removeEventListener('abort', done);
        resolve();
      };
      signal.addEventListener('abort', done, { once: true });
      void outage.then(done);
    });
  }

  private async probeUntilAnswered(): Promise<void> {
    const since = Date.now();
    for (let attempt = 1; ; attempt += 1) {
      await delay(retryDelayMs(attempt, this.backoff), undefined, { ref: false });
      try {
        await this.options.probe();
        this.warn(
          `database answers again after ${Math.round((Date.now() - since) / 1000)} s; consumers resume`,
        );
        return;
      } catch {
        // still down: probe again after the backoff
      }
    }
  }

  private warn(message: string): void {
    this.options.logger?.warn(`${this.options.name ?? 'database'}: ${message}`);
  }
}

/** Opens a connection of its own (the pool's may all be busy or broken), runs `SELECT 1`, closes it. */
export async function probeDatabase(url: string, timeoutMs = 2_000): Promise<void> {
  const client = new Client(clientSettings({ connectionString: url, connectionTimeoutMillis: timeoutMs }));
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
