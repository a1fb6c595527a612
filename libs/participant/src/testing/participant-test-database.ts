import type { DataSource, EntityManager } from 'typeorm';
import { SERVICE_SCHEMAS, type DataOwningService } from '@app/config';
import { createDataSource, runMigrations } from '@app/persistence';
import { createTestDatabase } from '@test/support';
import { migrationsFor } from '../../../../migrations';

export interface ParticipantTestDatabase {
  url: string;
  dataSource: DataSource;
  /** Runs `work` in its own transaction, as the command runner would. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A fresh database with the participant's schema migrated, for one integration suite. */
export async function openParticipantTestDatabase(
  service: Exclude<DataOwningService, 'orchestrator'>,
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Function[],
  poolSize = 10,
): Promise<ParticipantTestDatabase> {
  const database = await createTestDatabase(service);
  const dataSource = createDataSource({
    url: database.url,
    schema: SERVICE_SCHEMAS[service],
    entities,
    migrations: migrationsFor(service),
    poolSize,
  });
  await dataSource.initialize();
  await runMigrations(dataSource);
  return {
    url: database.url,
    dataSource,
    transaction: (work) => dataSource.transaction(work),
    close: async () => {
      await dataSource.destroy();
      await database.drop();
    },
  };
}
