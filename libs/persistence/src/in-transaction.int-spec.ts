import { Pool } from 'pg';
import { TestDatabase, createTestDatabase } from '@test/support';
import { inTransaction } from './in-transaction';

describe('inTransaction', () => {
  let db: TestDatabase;
  let pool: Pool;
  let admin: Pool;

  beforeAll(async () => {
    db = await createTestDatabase('in_transaction');
    pool = new Pool({ connectionString: db.url, max: 1 });
    admin = new Pool({ connectionString: db.url, max: 1 });
    await pool.query('CREATE TABLE note (text text NOT NULL)');
  });

  afterAll(async () => {
    await Promise.all([pool.end(), admin.end()]);
    await db.drop();
  });

  beforeEach(() => pool.query('TRUNCATE note'));

  const notes = async () =>
    (await admin.query('SELECT text FROM note ORDER BY text')).rows.map((row) => row.text);

  it('commits what the work wrote and returns its result', async () => {
    const result = await inTransaction(pool, async (client) => {
      await client.query(`INSERT INTO note VALUES ('kept')`);
      return 'done';
    });

    expect(result).toBe('done');
    expect(await notes()).toEqual(['kept']);
  });

  it('rolls everything back when the work throws, and the connection serves the next caller', async () => {
    const failing = inTransaction(pool, async (client) => {
      await client.query(`INSERT INTO note VALUES ('lost')`);
      throw new Error('work failed');
    });

    await expect(failing).rejects.toThrow('work failed');
    expect(await notes()).toEqual([]);
    const [{ fresh }] = (await pool.query('SELECT now() = statement_timestamp() AS fresh')).rows;
    expect(fresh).toBe(true); // the statement ran in a transaction of its own, none was left open
  });

  it('hands the work what the statements sent with BEGIN returned', async () => {
    const seen = await inTransaction<number, [unknown, { rows: { n: number }[] }]>(
      pool,
      async (_client, [, selected]) => selected.rows[0].n,
      'BEGIN; SELECT 41 + 1 AS n',
    );

    expect(seen).toBe(42);
  });

  it('fails the caller when the session ends mid-transaction, and the pool lends a working connection after', async () => {
    const failing = inTransaction(pool, async (client) => {
      const { rows } = await client.query('SELECT pg_backend_pid() AS pid');
      await admin.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
      await client.query('SELECT 1');
    });

    await expect(failing).rejects.toThrow();
    await expect(pool.query('SELECT 1 AS one')).resolves.toMatchObject({ rows: [{ one: 1 }] });
  });
});
