import { DataOwningService, SERVICE_SCHEMAS, loadConfig } from '@app/config';
import { createDataSource, ensureDatabase, runMigrations } from '@app/persistence';
import { migrationsFor } from '../migrations';
import { runMain } from './lib/run-main';

/** Creates each service's database if missing and applies its pending migrations, one service at a time. */
export async function runAllMigrations(
  env: NodeJS.ProcessEnv = process.env,
  log: (line: string) => void = (line) => console.log(line),
): Promise<void> {
  for (const service of Object.keys(SERVICE_SCHEMAS) as DataOwningService[]) {
    const config = loadConfig(service, env);
    await ensureDatabase(config.databaseUrl);
    const dataSource = createDataSource({
      url: config.databaseUrl,
      schema: SERVICE_SCHEMAS[service],
      entities: [],
      migrations: migrationsFor(service),
      poolSize: 1,
    });
    await dataSource.initialize();
    try {
      await runMigrations(dataSource);
    } finally {
      await dataSource.destroy();
    }
    log(`Migrated ${service} (schema ${SERVICE_SCHEMAS[service]})`);
  }
}

if (require.main === module) runMain(() => runAllMigrations(), 'Migrations');
