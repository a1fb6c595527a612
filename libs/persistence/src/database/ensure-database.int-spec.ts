import { Client } from 'pg';
import { TestDatabase, createTestDatabase } from '@test/support';
import { ensureDatabase } from './ensure-database';

describe('ensureDatabase', () => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await createTestDatabase('ensure_db');
    await db.drop(); // keep the unique name and URL, lose the database
  });

  afterEach(() => db.drop());

  it('creates a missing database', async () => {
    await expect(databaseExists(db.url)).resolves.toBe(false);
    await ensureDatabase(db.url);
    await expect(databaseExists(db.url)).resolves.toBe(true);
  });

  it('does nothing when the database exists', async () => {
    await ensureDatabase(db.url);
    await expect(ensureDatabase(db.url)).resolves.toBeUndefined();
    await expect(databaseExists(db.url)).resolves.toBe(true);
  });

  it('lets concurrent callers all succeed', async () => {
    await expect(Promise.all(Array.from({ length: 6 }, () => ensureDatabase(db.url)))).resolves.toHaveLength(
      6,
    );
    await expect(databaseExists(db.url)).resolves.toBe(true);
  });

  it('refuses a URL without a database name', async () => {
    const url = new URL(db.url);
    url.pathname = '/';
    await expect(ensureDatabase(url.toString())).rejects.toThrow('names no database');
  });
});

async function databaseExists(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === '3D000') return false; // invalid_catalog_name
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}
