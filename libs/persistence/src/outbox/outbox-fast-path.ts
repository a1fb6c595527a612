import type { EntityManager } from 'typeorm';
import { writeAtCommit } from '../batched-transaction';
import { qualifiedTable } from '../sql';
import type { OutboxRecord } from './outbox-record';
import type { OutboxRelayLogger } from './outbox-relay';

export interface OutboxFastPathOptions {
  /** Runs a statement on the service's database outside any transaction (a DataSource's or a pg Pool's `query`). */
  query: (text: string, values: unknown[]) => Promise<unknown>;
  schema: string;
  /** Publishes with `Nats-Msg-Id` = `record.id`, as the relay does, so either may publish a row. */
  publish: (batch: OutboxRecord[]) => Promise<void>;
  /** How long published rows wait for a transaction to delete them with before one is sent for them alone. */
  idleSweepMs?: number;
  /**
   * Starts the publish of committed rows; resolves when the caller may go on. Default: publish
   * now and resolve once JetStream acknowledged. A message handler passes `afterAcknowledgement`
   * (libs/messaging): the publish then leaves with the handled message's ack.
   */
  startPublish?: (publish: () => Promise<void>) => Promise<void>;
  logger: OutboxRelayLogger;
}

/**
 * Publishes a transaction's outbox rows right after its COMMIT instead of waiting for the relay
 * to be notified, take them and publish them: a hop and two round trips fewer per message. The
 * rows are deleted afterwards with the COMMIT of the service's next batched transaction
 * (`sweepAtCommit`), or on their own after `idleSweepMs`. Nothing is lost on the way: a row
 * whose publish fails, or whose service dies before publishing it, stays in the outbox for the
 * relay's next pass; a row published twice (by both) is dropped by JetStream as a duplicate id.
 */
export class OutboxFastPath {
  private readonly table: string;
  private published: string[] = [];
  private idleSweep?: NodeJS.Timeout;
  private sweeping?: Promise<void>;
  private readonly publishing = new Set<Promise<void>>();

  constructor(private readonly options: OutboxFastPathOptions) {
    this.table = qualifiedTable(options.schema, 'outbox');
  }

  /** Inside a batched transaction: deletes the rows published so far, with its COMMIT. */
  async sweepAtCommit(manager: EntityManager): Promise<void> {
    const ids = this.takeForSweep();
    if (ids.length > 0) await writeAtCommit(manager, this.deleteStatement, [ids]);
  }

  /**
   * The ids of the rows published so far, for the caller to delete in its next write. They are
   * not handed out again: if that write fails, the relay publishes the rows again (a no-op in
   * JetStream) and deletes them.
   */
  takeForSweep(): string[] {
    clearTimeout(this.idleSweep);
    this.idleSweep = undefined;
    const ids = this.published;
    this.published = [];
    return ids;
  }

  /** After the COMMIT of `records`: publishes them, then leaves them to be swept. */
  async publishCommitted(records: readonly OutboxRecord[]): Promise<void> {
    if (records.length === 0) return;
    const publish = () => this.track(this.publishNow([...records]));
    await (this.options.startPublish ? this.options.startPublish(publish) : publish());
  }

  /** Waits for the publishes under way, then deletes what was published and not swept yet; call before closing the database. */
  async stop(): Promise<void> {
    await Promise.all(this.publishing);
    await this.sweeping;
    await this.sweepNow();
  }

  private async publishNow(records: OutboxRecord[]): Promise<void> {
    try {
      await this.options.publish(records);
    } catch (error) {
      this.options.logger.warn(
        `outbox fast path ${this.options.schema}: publish failed, the relay takes the rows over: ${(error as Error).message}`,
      );
      return;
    }
    this.published.push(...records.map((record) => record.id));
    this.idleSweep ??= setTimeout(() => void this.sweepNow(), this.options.idleSweepMs ?? 100).unref();
  }

  private track(publishing: Promise<void>): Promise<void> {
    this.publishing.add(publishing);
    return publishing.finally(() => this.publishing.delete(publishing));
  }

  private get deleteStatement(): string {
    return `DELETE FROM ${this.table} WHERE "id" = ANY($1::uuid[])`;
  }

  private async sweepNow(): Promise<void> {
    const ids = this.takeForSweep();
    if (ids.length === 0) return;
    this.sweeping = this.options
      .query(this.deleteStatement, [ids])
      .then(() => undefined)
      .catch((error: Error) => {
        this.options.logger.warn(
          `outbox fast path ${this.options.schema}: sweep failed, the relay takes the rows over: ${error.message}`,
        );
      });
    await this.sweeping;
  }
}
