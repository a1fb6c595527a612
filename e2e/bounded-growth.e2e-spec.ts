import { connect } from 'nats';
import { Client } from 'pg';
import { SERVICE_SCHEMAS } from '@app/config';
import { RetentionSchedule, messagingPruneJobs } from '@app/persistence';
import { pollUntil } from '@test/support';
import { finishedSagasJob } from '../apps/orchestrator/src/retention/finished-sagas';
import { placeOrder, placeOrders } from './support/gateway-client';
import { orderBody } from './support/order-body';
import { waitForSagaTerminal, waitForSagasTerminal } from './support/order-progress';
import { RunningPlatform, startPlatform } from './support/platform';

const ORDERS = 100;
const WORK_STREAMS = ['SAGA_STARTS', 'SAGA_COMMANDS', 'SAGA_REPLIES'] as const;
const ALL_STREAMS = [...WORK_STREAMS, 'DOMAIN_EVENTS', 'SAGA_DLQ'] as const;
const PARTICIPANT_SCHEMAS = [
  SERVICE_SCHEMAS.order,
  SERVICE_SCHEMAS.payment,
  SERVICE_SCHEMAS.inventory,
  SERVICE_SCHEMAS.shipping,
];
/** What a saga leaves behind in the tables retention prunes. */
const PRUNED_TABLES = [
  ...Object.values(SERVICE_SCHEMAS).map((schema) => `${schema}.inbox`),
  ...PARTICIPANT_SCHEMAS.map((schema) => `${schema}.processed_commands`),
  'orchestrator.saga_instance',
  'orchestrator.saga_step',
  'orchestrator.saga_timeline',
];
/** Measured beside them: the business records (kept, never pruned) and the outboxes (emptied as they publish). */
const KEPT_TABLES = [
  'orders.orders',
  'inventory.reservations',
  'payments.payments',
  'shipping.shipments',
  ...Object.values(SERVICE_SCHEMAS).map((schema) => `${schema}.outbox`),
];

interface TableSize {
  rows: number;
  /** `pg_total_relation_size`: heap, indexes, TOAST, dead row versions not vacuumed yet. */
  bytes: number;
  /** The live rows' own size (`pg_column_size`), without indexes or page overhead. */
  live: number;
}

interface StreamState {
  messages: number;
  bytes: number;
  /** Messages ever stored: the stream's last sequence. */
  stored: number;
}

describe('bounded growth: streams and tables after a run of orders (default configuration)', () => {
  let platform: RunningPlatform;
  let db: Client;

  beforeAll(async () => {
    platform = await startPlatform();
    db = new Client({ connectionString: platform.database.url });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await platform?.shutdown();
  });

  async function streams(): Promise<Record<string, StreamState>> {
    const connection = await connect({ servers: platform.nats.url.split(',') });
    try {
      const manager = await connection.jetstreamManager();
      const states = await Promise.all(ALL_STREAMS.map((name) => manager.streams.info(name)));
      return Object.fromEntries(
        states.map(({ config, state }) => [
          config.name,
          { messages: state.messages, bytes: state.bytes, stored: state.last_seq },
        ]),
      );
    } finally {
      await connection.close();
    }
  }

  async function tables(): Promise<Record<string, TableSize>> {
    const measured: Record<string, TableSize> = {};
    for (const table of [...PRUNED_TABLES, ...KEPT_TABLES]) {
      const [schema, name] = table.split('.');
      const { rows } = await db.query<{ rows: string; bytes: string; live: string }>(
        `SELECT (SELECT count(*) FROM "${schema}"."${name}") AS "rows",
                pg_total_relation_size('"${schema}"."${name}"') AS "bytes",
                (SELECT coalesce(sum(pg_column_size(t.*)), 0) FROM "${schema}"."${name}" t) AS "live"`,
      );
      measured[table] = {
        rows: Number(rows[0].rows),
        bytes: Number(rows[0].bytes),
        live: Number(rows[0].live),
      };
    }
    return measured;
  }

  it('leaves the work streams empty once every saga ended, and pruning removes the finished rows', async () => {
    const tablesBefore = await tables();

    const orderIds = await placeOrders(
      platform,
      Array.from({ length: ORDERS }, () => orderBody()),
    );
    const views = await waitForSagasTerminal(platform, orderIds, { timeoutMs: 120_000 });
    expect([...views.values()].filter((view) => view.saga?.status !== 'COMPLETED')).toEqual([]);

    // Handled messages leave the work streams: each reaches 0 once its last ack is in.
    const afterRun = await pollUntil(
      async () => {
        const states = await streams();
        return WORK_STREAMS.every((name) => states[name].messages === 0) && states;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
      'the work streams to be empty',
    );
    for (const name of WORK_STREAMS) {
      expect(afterRun[name]).toMatchObject({ messages: 0, bytes: 0 });
      expect(afterRun[name].stored).toBeGreaterThanOrEqual(ORDERS); // they did carry the run
    }
    expect(afterRun.SAGA_DLQ.messages).toBe(0);

    const tablesAfterRun = await tables();
    for (const table of PRUNED_TABLES) expect(tablesAfterRun[table].rows).toBeGreaterThanOrEqual(ORDERS);
    report(afterRun, tablesBefore, tablesAfterRun);

    // The pruning the apps run every RETENTION_PRUNE_INTERVAL_MS, here with a retention of 1 ms.
    const schedule = new RetentionSchedule({
      db,
      jobs: [
        ...Object.values(SERVICE_SCHEMAS).map((schema) =>
          messagingPruneJobs(schema, schema !== SERVICE_SCHEMAS.orchestrator, { inboxRetentionMs: 1 }),
        ),
        [finishedSagasJob(SERVICE_SCHEMAS.orchestrator, 1)],
      ].flat(),
      intervalMs: 60_000,
      batchSize: 1_000,
      logger: { log: () => undefined, warn: () => undefined },
    });
    const removed = await schedule.runOnce();
    expect(removed['orchestrator.saga_instance (finished)']).toBe(ORDERS);

    const tablesAfterPruning = await tables();
    for (const table of PRUNED_TABLES)
      expect({ table, rows: tablesAfterPruning[table].rows }).toEqual({ table, rows: 0 });

    // What is left of a pruned saga does not get in the way of the next order.
    const next = await placeOrder(platform, orderBody());
    expect((await waitForSagaTerminal(platform, next.orderId)).saga?.status).toBe('COMPLETED');
  });
});

/** Prints what one saga costs where (the numbers in docs/operations.md "Retention and disk"). */
function report(
  streams: Record<string, StreamState>,
  before: Record<string, TableSize>,
  after: Record<string, TableSize>,
): void {
  const lines = [`Footprint of ${ORDERS} completed sagas:`];
  for (const [name, state] of Object.entries(streams)) {
    lines.push(
      `  stream ${name}: ${state.stored} messages stored, ${state.messages} kept, ${state.bytes} bytes kept (${Math.round(state.bytes / ORDERS)} B/saga)`,
    );
  }
  lines.push(
    '  (table: pg_total_relation_size growth with indexes and dead row versions; live: the rows alone)',
  );
  for (const [table, { rows, bytes, live }] of Object.entries(after)) {
    const grown = bytes - before[table].bytes;
    lines.push(
      `  table ${table}: ${rows} rows, +${grown} bytes (${Math.round(grown / ORDERS)} B/saga, live ${Math.round(live / ORDERS)} B/saga)`,
    );
  }
  console.log(lines.join('\n'));
}
