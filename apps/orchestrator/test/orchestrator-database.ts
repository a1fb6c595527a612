import type { DataSource } from 'typeorm';
import { SERVICE_SCHEMAS } from '@app/config';
import { createDataSource, runMigrations } from '@app/persistence';
import { TestDatabase, createTestDatabase } from '@test/support';
import { migrationsFor } from '../../../migrations';

export interface OrchestratorDatabase {
  db: TestDatabase;
  dataSource: DataSource;
  close(): Promise<void>;
}

/** A private database with the orchestrator's schema migrated, for one suite. */
export async function openOrchestratorDatabase(prefix: string, poolSize = 10): Promise<OrchestratorDatabase> {
  const db = await createTestDatabase(prefix);
  const dataSource = createDataSource({
    url: db.url,
    schema: SERVICE_SCHEMAS.orchestrator,
    migrations: migrationsFor('orchestrator'),
    poolSize,
  });
  await dataSource.initialize();
  await runMigrations(dataSource);
  return {
    db,
    dataSource,
    close: async () => {
      await dataSource.destroy();
      await db.drop();
    },
  };
}
