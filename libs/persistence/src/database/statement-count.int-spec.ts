import { getMetrics } from '@app/observability';
import { TestDatabase, createTestDatabase } from '@test/support';
import { DatabaseStatementsMetric, ListenedClient } from './connection-settings';

describe('ListenedClient statement count (db_client_statements_total)', () => {
  let db: TestDatabase;
  let client: ListenedClient;

  beforeAll(async () => {
    db = await createTestDatabase('statement_count');
    client = new ListenedClient({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  const counted = async () =>
    (await getMetrics().counter(DatabaseStatementsMetric).get()).values[0]?.value ?? 0;

  it('counts every statement the server completed: each of a multi-statement query, BEGIN and COMMIT', async () => {
    const before = await counted();
    await client.query('SELECT 1; SELECT 2');
    await client.query('BEGIN');
    await client.query('SELECT $1::int', [3]);
    await client.query('COMMIT');
    expect((await counted()) - before).toBe(5);
  });

  it('does not count a statement the server refused', async () => {
    const before = await counted();
    await expect(client.query('SELECT * FROM no_such_table')).rejects.toThrow('no_such_table');
    expect((await counted()) - before).toBe(0);
  });
});
