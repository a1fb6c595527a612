import type { DataSource, EntitySchema } from 'typeorm';
import { TestDatabase, createTestDatabase } from '@test/support';
import { createDataSource } from '../src/database/create-data-source';

export interface EntityDatabase {
  /** Set before the suite's first test. */
  dataSource: DataSource;
}

/**
 * For the suite: a private database, `ddl` run on it, and a DataSource over `entities` in its
 * public schema; both go away after the suite.
 */
export function useEntityDatabase(name: string, entities: EntitySchema[], ddl: string): EntityDatabase {
  const database = {} as EntityDatabase;
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase(name);
    database.dataSource = await createDataSource({ url: db.url, schema: 'public', entities }).initialize();
    await database.dataSource.query(ddl);
  });

  afterAll(async () => {
    await database.dataSource?.destroy();
    await db?.drop();
  });

  return database;
}
