import { Client, Pool } from 'pg';
import { TestDatabase, createTestDatabase } from '@test/support';
import { clientSettings, poolSettings } from './connection-settings';

describe('connection settings on a real server', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('connection_settings');
  });
  afterAll(async () => {
    await db?.drop();
  });

  const settingsOf = async (query: (text: string) => Promise<{ rows: Record<string, string>[] }>) => {
    const { rows } = await query(
      `SELECT current_setting('jit') AS "jit", current_setting('statement_timeout') AS "statementTimeout"`,
    );
    return rows[0];
  };

  it('pooled connections run without JIT and with the statement timeout', async () => {
    const pool = new Pool(poolSettings({ connectionString: db.url, max: 1 }));
    try {
      expect(await settingsOf((text) => pool.query(text))).toEqual({ jit: 'off', statementTimeout: '30s' });
    } finally {
      await pool.end();
    }
  });

  it('dedicated clients too', async () => {
    const client = new Client(clientSettings({ connectionString: db.url }));
    await client.connect();
    try {
      expect(await settingsOf((text) => client.query(text))).toEqual({ jit: 'off', statementTimeout: '30s' });
    } finally {
      await client.end();
    }
  });
});
