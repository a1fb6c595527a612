import { randomUUID } from 'node:crypto';
import { JetStreamClient, JetStreamManager, NatsConnection, connect, headers as natsHeaders } from 'nats';
import { DataSource } from 'typeorm';
import { TestDatabase, TestNatsServer, createTestDatabase, pollUntil, startNatsServer } from '@test/support';
import {
  OutboxRecord,
  OutboxRelay,
  OutboxRelayOptions,
  createDataSource,
  createMessagingTables,
  enqueueOutbox,
  pendingOutboxCount,
} from '../src';

/** One outbox table in its own schema, with a JetStream stream over its subjects. */
export interface OutboxUnderTest {
  schema: string;
  stream: string;
  records(count: number): OutboxRecord[];
}

/**
 * A real database and a private nats-server for outbox suites. The relays' publish port is
 * written here with the raw `nats` client, as the messaging adapter will: `msgID` = row id.
 */
export class OutboxFixture {
  private tables = 0;
  private readonly relays: OutboxRelay[] = [];
  readonly warnings: string[] = [];

  private constructor(
    readonly db: TestDatabase,
    readonly dataSource: DataSource,
    private readonly nats: TestNatsServer,
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
  ) {}

  static async open(prefix: string): Promise<OutboxFixture> {
    const db = await createTestDatabase(prefix);
    const dataSource = await createDataSource({ url: db.url, schema: 'public' }).initialize();
    const nats = await startNatsServer();
    const nc = await connect({ servers: nats.url });
    return new OutboxFixture(db, dataSource, nats, nc, nc.jetstream(), await nc.jetstreamManager());
  }

  async newOutbox(): Promise<OutboxUnderTest> {
    const n = ++this.tables;
    const schema = `outbox_test_${n}`;
    const stream = `OUTBOX_TEST_${n}`;
    await createMessagingTables(this.dataSource, schema);
    await this.jsm.streams.add({ name: stream, subjects: [`outbox.${n}.>`] });
    return {
      schema,
      stream,
      records: (count) =>
        Array.from({ length: count }, (_, i) => ({
          id: randomUUID(),
          subject: `outbox.${n}.thing.happened.v1`,
          headers: { 'message-type': 'thing.happened', 'correlation-id': `c-${i}` },
          payload: { n: i, note: 'quotes " and \\ survive' },
        })),
    };
  }

  /** Commits `records` through `enqueueOutbox`, so the relay gets a NOTIFY. */
  async enqueue(schema: string, records: OutboxRecord[]): Promise<void> {
    await this.dataSource.transaction((manager) => enqueueOutbox(manager, schema, records));
  }

  pending(schema: string): Promise<number> {
    return pendingOutboxCount(this.dataSource, schema);
  }

  /** Publishes like the messaging adapter: every record with `msgID` = its id, acks awaited together. */
  readonly publishToJetStream = async (batch: OutboxRecord[]): Promise<void> => {
    await Promise.all(
      batch.map((record) => {
        const headers = natsHeaders();
        for (const [name, value] of Object.entries(record.headers)) headers.set(name, value);
        return this.js.publish(record.subject, JSON.stringify(record.payload), { msgID: record.id, headers });
      }),
    );
  };

  /** A relay on `schema` that logs into `warnings`; `dispose` stops whatever a test left running. */
  relay(schema: string, options: Partial<OutboxRelayOptions> = {}): OutboxRelay {
    const relay = new OutboxRelay({
      url: this.db.url,
      schema,
      publish: this.publishToJetStream,
      retryBackoff: { initialMs: 20, maxMs: 100 },
      logger: { warn: (message) => this.warnings.push(message) },
      ...options,
    });
    this.relays.push(relay);
    return relay;
  }

  /** The `Nats-Msg-Id` of every message the stream holds, in stream order. */
  async streamMessageIds(stream: string): Promise<string[]> {
    const { state } = await this.jsm.streams.info(stream);
    const ids: string[] = [];
    for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) {
      const message = await this.jsm.streams.getMessage(stream, { seq });
      ids.push(message.header.get('Nats-Msg-Id'));
    }
    return ids;
  }

  async streamMessageCount(stream: string): Promise<number> {
    return (await this.jsm.streams.info(stream)).state.messages;
  }

  /**
   * Ends the sessions of the relays on `schema` as a crash would (`outbox-relay:<schema>` is
   * the batch connection, `outbox-relay:<schema>:listen` the LISTEN one); resolves once the
   * server has let them go.
   */
  async killRelaySessions(schema: string, which: 'batch' | 'listen' | 'all'): Promise<void> {
    const names = { batch: [''], listen: [':listen'], all: ['', ':listen'] }[which].map(
      (suffix) => `outbox-relay:${schema}${suffix}`,
    );
    const killed: { pid: number }[] = await this.dataSource.query(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = ANY($1::text[])`,
      [names],
    );
    const pids = killed.map((row) => row.pid);
    await this.dataSource.query(`SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid`, [pids]);
    await pollUntil(
      async () => {
        const [{ alive }] = await this.dataSource.query(
          `SELECT count(*)::int AS alive FROM pg_stat_activity WHERE pid = ANY($1::int[])`,
          [pids],
        );
        return alive === 0;
      },
      { timeoutMs: 5_000, intervalMs: 10 },
      `the end of sessions ${pids.join(', ')}`,
    );
  }

  async dispose(): Promise<void> {
    await Promise.all(this.relays.map((relay) => relay.stop()));
    await this.nc.close();
    await this.nats.dispose();
    await this.dataSource.destroy();
    await this.db.drop();
  }
}

/** A promise with its resolver, for holding a publish port mid-batch. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

export function countBy(ids: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}
