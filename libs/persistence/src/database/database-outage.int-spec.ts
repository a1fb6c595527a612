import { Pool } from 'pg';
import { TestPostgresCluster, startPostgresCluster } from '@test/support';
import { poolSettings } from './connection-settings';
import { createDataSource } from './create-data-source';
import { DatabaseAvailability, probeDatabase } from './database-availability';
import { isDatabaseContention, isDatabaseUnavailable } from './database-failure';

describe('a database outage, on a private PostgreSQL stopped and started again', () => {
  let cluster: TestPostgresCluster;
  let url: string;

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    url = (await cluster.createDatabase('outage')).url;
  });
  afterAll(() => cluster.dispose());
  afterEach(async () => {
    if (!cluster.running()) await cluster.start();
  });

  it('fails the queries in flight with a failure read as "unavailable", crashes nothing, and works again after', async () => {
    const pool = new Pool(poolSettings({ connectionString: url, max: 3 }));
    pool.on('error', () => undefined);
    const dataSource = createDataSource({ url, schema: 'public', poolSize: 2 });
    await dataSource.initialize();
    try {
      const held = await pool.connect(); // checked out: the pool's own idle listener is off
      await held.query('SELECT 1');
      const running = held.query('SELECT pg_sleep(30)').catch((error: unknown) => error);
      // checked out and idle: pg emits 'error' on it, which without a listener would end the process
      const idle = await pool.connect();
      const transaction = dataSource.createQueryRunner();
      await transaction.startTransaction();

      await cluster.stop();

      expect(isDatabaseUnavailable(await running)).toBe(true);
      held.release(true);
      idle.release(true);
      const refused = await pool.query('SELECT 1').catch((error: unknown) => error);
      expect(isDatabaseUnavailable(refused)).toBe(true);
      expect(isDatabaseUnavailable(await dataSource.query('SELECT 1').catch((error: unknown) => error))).toBe(
        true,
      );
      const lost = await transaction.query('SELECT 1').catch((error: unknown) => error);
      // TypeORM releases a query runner whose connection failed; the transaction's next query says so.
      expect(isDatabaseUnavailable(lost)).toBe(true);
      await transaction.release().catch(() => undefined);

      await cluster.start();
      await expect(pool.query('SELECT 1 AS one')).resolves.toMatchObject({ rows: [{ one: 1 }] });
      await expect(dataSource.query('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
    } finally {
      await dataSource.destroy();
      await pool.end();
    }
  });

  it('holds consumers from the first unreachable failure until a probe answers', async () => {
    const availability = new DatabaseAvailability({
      probe: () => probeDatabase(url),
      backoff: { initialMs: 50, maxMs: 200 },
    });
    await cluster.stop();
    const refused = await probeDatabase(url).catch((error: unknown) => error);
    expect(isDatabaseUnavailable(refused)).toBe(true);
    expect(availability.isInfrastructureFailure(refused)).toBe(true);

    availability.failed(refused);
    expect(availability.available).toBe(false);
    let resumed = false;
    const waiting = availability.whenAvailable(new AbortController().signal).then(() => (resumed = true));
    await cluster.start();
    await waiting;
    expect(resumed).toBe(true);
    expect(availability.available).toBe(true);
  });

  it('reads a failure of the message itself as neither unavailable nor contention', async () => {
    const pool = new Pool(poolSettings({ connectionString: url, max: 1 }));
    try {
      const bad = await pool.query('SELECT 1/0').catch((error: unknown) => error);
      const missing = await pool.query('SELECT * FROM no_such_table').catch((error: unknown) => error);
      for (const error of [bad, missing, new Error('quantity must be positive')]) {
        expect(isDatabaseUnavailable(error)).toBe(false);
        expect(isDatabaseContention(error)).toBe(false);
      }
      const timedOut = await pool
        .query("SET statement_timeout = '50ms'; SELECT pg_sleep(1)")
        .catch((error: unknown) => error);
      expect(isDatabaseContention(timedOut)).toBe(true);
    } finally {
      await pool.end();
    }
  });
});
