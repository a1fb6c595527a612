import { setTimeout as delay } from 'node:timers/promises';
import { Client, Pool, QueryResult } from 'pg';
import { clientSettings, poolSettings } from '../database/connection-settings';
import { inTransaction } from '../in-transaction';
import { qualifiedTable, quoteIdent } from '../sql';
import { OutboxRecord, outboxChannel } from './outbox-record';
import { RetryBackoff, retryDelayMs } from './retry-delay';

/** Satisfied by a Nest `Logger` and by a pino logger alike. */
export interface OutboxRelayLogger {
  warn(message: string): unknown;
}

export interface OutboxRelayOptions {
  /** The service's database; the relay opens its own connections (one LISTEN client, one pooled). */
  url: string;
  schema: string;
  /**
   * Publishes a batch, resolving once every message is acknowledged. It must publish each
   * record with `Nats-Msg-Id` = `record.id`: a batch that fails or is interrupted after a
   * partial publish is handed out again, and the ids let JetStream drop the repeats.
   */
  publish: (batch: OutboxRecord[]) => Promise<void>;
  batchSize?: number;
  /** Safety net for a missed notification (LISTEN connection down, rows inserted without NOTIFY). */
  fallbackPollMs?: number;
  /** A publish that takes longer counts as failed, so a hung broker cannot hold the rows' locks forever. */
  publishTimeoutMs?: number;
  retryBackoff?: RetryBackoff;
  logger?: OutboxRelayLogger;
  onPublished?: (count: number) => void;
}

type RelaySettings = Required<Omit<OutboxRelayOptions, 'onPublished'>> &
  Pick<OutboxRelayOptions, 'onPublished'>;

/**
 * Moves committed outbox rows to the broker. Woken by the NOTIFY that `enqueueOutbox` sends
 * at commit (and by a slow fallback poll), it deletes the oldest rows it can lock
 * (`FOR UPDATE SKIP LOCKED`) in a transaction, publishes them, and commits; any number of relays
 * can share a table, each row going to one of them. A failed publish rolls back and is retried
 * after a backoff; a crash between publish and commit leaves the rows for the next pass, and
 * their ids make the re-publish a no-op in JetStream.
 *
 * Its connections show in pg_stat_activity as `outbox-relay:<schema>` and `outbox-relay:<schema>:listen`.
 */
export class OutboxRelay {
  private readonly settings: RelaySettings;
  private readonly table: string;
  private pool?: Pool;
  private listener?: Client;
  private pollTimer?: NodeJS.Timeout;
  private readonly stopSignal = new AbortController();
  private started = false;
  private stopped?: Promise<void>;
  /** Set by every wake-up; a pass clears it first, so a wake-up during a pass causes another one. */
  private wakeRequested = false;
  private draining?: Promise<void>;
  private reconnecting?: Promise<void>;
  /** Aborts the backoff after a failed batch (see `retryNow`). */
  private backoffCut?: AbortController;

  constructor(options: OutboxRelayOptions) {
    this.settings = {
      ...options,
      batchSize: options.batchSize ?? 500,
      fallbackPollMs: options.fallbackPollMs ?? 1_000,
      publishTimeoutMs: options.publishTimeoutMs ?? 30_000,
      retryBackoff: options.retryBackoff ?? { initialMs: 100, maxMs: 10_000 },
      logger: options.logger ?? console,
    };
    if (!Number.isInteger(this.settings.batchSize) || this.settings.batchSize < 1) {
      throw new Error(`outbox relay batchSize must be a positive integer, got ${this.settings.batchSize}`);
    }
    this.table = qualifiedTable(options.schema, 'outbox');
  }

  /** Resolves once the relay listens for notifications; it then publishes what is already waiting. */
  async start(): Promise<void> {
    if (this.started || this.stopping) {
      throw new Error(`outbox relay for ${this.settings.schema} was already started`);
    }
    this.started = true;
    this.pool = new Pool(
      poolSettings({
        connectionString: this.settings.url,
        max: 1, // one batch at a time
        application_name: `outbox-relay:${this.settings.schema}`,
      }),
    );
    this.pool.on('error', (error) => this.warn(`idle connection failed: ${error.message}`));
    try {
      this.listener = await this.listen();
    } catch (error) {
      await this.pool.end();
      throw error;
    }
    this.pollTimer = setInterval(() => this.wake(), this.settings.fallbackPollMs).unref();
    this.wake();
  }

  /**
   * Retries at once after a failed batch, e.g. when the broker is reachable again: the backoff
   * grown during an outage would otherwise hold the rows back for up to `retryBackoff.maxMs`
   * after it, long enough for a waiting reply to miss its saga step's timeout.
   */
  retryNow(): void {
    if (this.stopping) return;
    this.backoffCut?.abort();
    this.wake();
  }

  /** Finishes the batch in progress, then closes the relay's connections. */
  stop(): Promise<void> {
    this.stopped ??= this.shutdown();
    return this.stopped;
  }

  private async shutdown(): Promise<void> {
    clearInterval(this.pollTimer);
    this.stopSignal.abort();
    await this.draining;
    await this.reconnecting;
    await this.listener?.end().catch(() => undefined);
    this.listener = undefined;
    await this.pool?.end();
  }

  private get stopping(): boolean {
    return this.stopSignal.signal.aborted;
  }

  private wake(): void {
    if (this.stopping) return;
    this.wakeRequested = true;
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
      if (this.wakeRequested) this.wake();
    });
  }

  private async drain(): Promise<void> {
    let failures = 0;
    while (this.wakeRequested && !this.stopping) {
      this.wakeRequested = false;
      try {
        let published: number;
        do published = await this.relayBatch();
        while (published === this.settings.batchSize && !this.stopping);
        failures = 0;
      } catch (error) {
        failures += 1;
        this.wakeRequested = true;
        const wait = retryDelayMs(failures, this.settings.retryBackoff);
        this.warn(`batch failed (attempt ${failures}), retrying in ${wait} ms: ${messageOf(error)}`);
        await this.backOff(wait);
      }
    }
  }

  /**
   * One transaction: take the oldest unlocked rows (deleted, but only once it commits), publish
   * them, commit. Two round trips: BEGIN travels with the DELETE, whose integer limit is inlined
   * because a multi-statement query takes no parameters. The commit does not wait for its WAL
   * flush: a deletion lost in a database crash only publishes its rows again, and their ids make
   * that a no-op. `= ANY(ARRAY(…))` makes the DELETE find the taken rows by primary key; with
   * `IN (…)` the planner hash-joins them against a scan of the whole table, dead rows included.
   * Returns how many it published.
   */
  private async relayBatch(): Promise<number> {
    const rows = await inTransaction<OutboxRecord[], [QueryResult, QueryResult, QueryResult<RelayedRow>]>(
      this.pool!,
      async (_client, [, , deleted]) => {
        const taken = inSeqOrder(deleted.rows);
        if (taken.length > 0) await this.publishWithTimeout(taken);
        return taken;
      },
      `BEGIN; SET LOCAL synchronous_commit TO OFF; DELETE FROM ${this.table} WHERE "id" = ANY(ARRAY(
         SELECT "id" FROM ${this.table} ORDER BY "seq" LIMIT ${this.settings.batchSize} FOR UPDATE SKIP LOCKED
       )) RETURNING "seq", "id", "subject", "headers", "payload"`,
    );
    if (rows.length > 0) this.settings.onPublished?.(rows.length);
    return rows.length;
  }

  private async publishWithTimeout(batch: OutboxRecord[]): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`publish did not finish within ${this.settings.publishTimeoutMs} ms`)),
        this.settings.publishTimeoutMs,
      );
    });
    try {
      await Promise.race([this.settings.publish(batch), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async listen(): Promise<Client> {
    const client = new Client(
      clientSettings({
        connectionString: this.settings.url,
        application_name: `outbox-relay:${this.settings.schema}:listen`,
      }),
    );
    client.on('notification', () => this.wake());
    client.on('error', (error) => this.onListenerLost(client, error));
    client.on('end', () => this.onListenerLost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${quoteIdent(outboxChannel(this.settings.schema))}`);
      return client;
    } catch (error) {
      void client.end().catch(() => undefined);
      throw error;
    }
  }

  private onListenerLost(client: Client, error?: Error): void {
    if (client !== this.listener || this.stopping) return;
    this.listener = undefined;
    void client.end().catch(() => undefined);
    this.warn(`LISTEN connection lost${error ? ` (${error.message})` : ''}; reconnecting`);
    this.reconnecting = this.reconnectListener().finally(() => (this.reconnecting = undefined));
  }

  private async reconnectListener(): Promise<void> {
    for (let attempt = 1; !this.stopping; attempt += 1) {
      await this.sleep(retryDelayMs(attempt, this.settings.retryBackoff));
      if (this.stopping) return;
      try {
        const client = await this.listen();
        if (this.stopping) {
          await client.end().catch(() => undefined);
          return;
        }
        this.listener = client;
        this.wake(); // rows committed while nobody listened
        return;
      } catch (error) {
        this.warn(`LISTEN reconnect attempt ${attempt} failed: ${messageOf(error)}`);
      }
    }
  }

  /** Waits after a failed batch, cut short by `stop()` or `retryNow()`. */
  private async backOff(ms: number): Promise<void> {
    const cut = new AbortController();
    this.backoffCut = cut;
    const onStop = () => cut.abort();
    this.stopSignal.signal.addEventListener('abort', onStop, { once: true });
    await delay(ms, undefined, { signal: cut.signal }).catch(() => undefined);
    this.stopSignal.signal.removeEventListener('abort', onStop);
    this.backoffCut = undefined;
  }

  /** Waits, cut short by `stop()`. */
  private async sleep(ms: number): Promise<void> {
    await delay(ms, undefined, { signal: this.stopSignal.signal }).catch(() => undefined);
  }

  private warn(message: string): void {
    this.settings.logger.warn(`outbox relay ${this.settings.schema}: ${message}`);
  }
}

type RelayedRow = OutboxRecord & { seq: string };

/** RETURNING comes in no particular order; the relay publishes in enqueue order. */
function inSeqOrder(rows: RelayedRow[]): OutboxRecord[] {
  return rows
    .sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1))
    .map(({ id, subject, headers, payload }) => ({ id, subject, headers, payload }));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
