import { Client } from 'pg';
import { TestDatabase, createTestDatabase, pollUntil } from '@test/support';
import { createMessagingTables } from '../messaging-tables';
import { inboxTable, ledgerTable, messagingPruneJobs } from './messaging-retention';
import { RetentionSchedule } from './retention-schedule';

const DAY_MS = 24 * 60 * 60 * 1_000;
const SCHEMA = 'retention_test';

describe('RetentionSchedule pruning an inbox and a command ledger', () => {
  let database: TestDatabase;
  let client: Client;
  const lines: string[] = [];
  const logger = {
    log: (line: string) => lines.push(line),
    warn: (line: string) => lines.push(`warn: ${line}`),
  };

  beforeAll(async () => {
    database = await createTestDatabase('retention');
    client = new Client({ connectionString: database.url });
    await client.connect();
    await createMessagingTables(client, SCHEMA);
    // The ledger's shape (libs/participant), reduced to what pruning reads.
    await client.query(`CREATE TABLE "${SCHEMA}"."processed_commands" (
      "order_id" uuid NOT NULL, "action" text NOT NULL, "recorded_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("order_id", "action"))`);
  });
  afterAll(async () => {
    await client.end();
    await database.drop();
  });

  const count = async (table: string) =>
    Number((await client.query(`SELECT count(*) FROM "${SCHEMA}"."${table}"`)).rows[0].count);

  async function fill(ageDays: number, rows: number, tag: string): Promise<void> {
    await client.query(
      `INSERT INTO "${SCHEMA}"."inbox" ("consumer", "message_id", "processed_at")
       SELECT 'c', $1 || g, now() - make_interval(days => $2) FROM generate_series(1, $3) g`,
      [tag, ageDays, rows],
    );
    await client.query(
      `INSERT INTO "${SCHEMA}"."processed_commands" ("order_id", "action", "recorded_at")
       SELECT gen_random_uuid(), $1, now() - make_interval(days => $2) FROM generate_series(1, $3)`,
      [tag, ageDays, rows],
    );
  }

  it('removes rows older than the retention in batches, keeps the rest, and reports what it removed', async () => {
    await fill(8, 25, 'old');
    await fill(6, 7, 'recent');
    const schedule = new RetentionSchedule({
      db: client,
      jobs: messagingPruneJobs(SCHEMA, true, { inboxRetentionMs: 7 * DAY_MS }),
      intervalMs: 60_000,
      batchSize: 10,
      logger,
    });

    const report = await schedule.runOnce();

    expect(report).toEqual({ [`${SCHEMA}.inbox`]: 25, [`${SCHEMA}.processed_commands`]: 25 });
    expect(await count('inbox')).toBe(7);
    expect(await count('processed_commands')).toBe(7);
    expect(lines).toContain(`pruned 25 ${SCHEMA}.inbox, 25 ${SCHEMA}.processed_commands`);
    await expect(schedule.runOnce()).resolves.toEqual({
      [`${SCHEMA}.inbox`]: 0,
      [`${SCHEMA}.processed_commands`]: 0,
    });
  });

  it('skips a row another transaction holds, and takes it at the next pruning', async () => {
    await fill(10, 3, 'held');
    const holder = new Client({ connectionString: database.url });
    await holder.connect();
    const schedule = new RetentionSchedule({
      db: client,
      jobs: messagingPruneJobs(SCHEMA, false, { inboxRetentionMs: 7 * DAY_MS }),
      intervalMs: 60_000,
      batchSize: 2,
      logger,
    });
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT 1 FROM "${SCHEMA}"."inbox" WHERE "message_id" = 'held1' FOR UPDATE`);

      await expect(schedule.runOnce()).resolves.toEqual({ [`${SCHEMA}.inbox`]: 2 });
      await holder.query('COMMIT');
      await expect(schedule.runOnce()).resolves.toEqual({ [`${SCHEMA}.inbox`]: 1 });
    } finally {
      await holder.end();
    }
  });

  it('runs at start and on its interval, and a failed pruning is logged and tried again', async () => {
    await fill(9, 4, 'scheduled');
    let failures = 1;
    const flaky = {
      query: (text: string, values?: unknown[]) =>
        failures-- > 0 ? Promise.reject(new Error('connection terminated')) : client.query(text, values),
    };
    const schedule = new RetentionSchedule({
      db: flaky,
      jobs: messagingPruneJobs(SCHEMA, true, { inboxRetentionMs: 7 * DAY_MS }),
      intervalMs: 50,
      batchSize: 100,
      logger,
    });
    schedule.start();
    try {
      await pollUntil(async () => (await count('inbox')) === 7 && (await count('processed_commands')) === 7);
    } finally {
      await schedule.stop();
    }
    expect(lines).toContain('warn: pruning failed, next try in 50 ms: connection terminated');
  });

  it('names the timestamp each table is pruned by', () => {
    expect(inboxTable('s')).toEqual({ schema: 's', table: 'inbox', timestampColumn: 'processed_at' });
    expect(ledgerTable('s')).toEqual({
      schema: 's',
      table: 'processed_commands',
      timestampColumn: 'recorded_at',
    });
  });
});
