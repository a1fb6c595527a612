import { DynamicModule, INestApplicationContext, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig, DataOwningService } from '@app/config';
import type { InfrastructureGuard } from '@app/messaging';
import {
  DatabaseAvailability,
  type OrderRow,
  createDataSource,
  ensureDatabase,
  probeDatabase,
  runMigrations,
} from '@app/persistence';
import { migrationsFor } from '../../../migrations';

/** The service database's `DatabaseAvailability`: its consumers pause while it is unreachable. */
export const DATABASE_AVAILABILITY = Symbol('DATABASE_AVAILABILITY');

/** The app's database as its consumers see it; undefined for an app without one (the gateway). */
export function databaseInfrastructure(app: INestApplicationContext): InfrastructureGuard | undefined {
  try {
    return app.get<DatabaseAvailability>(DATABASE_AVAILABILITY, { strict: false });
  } catch {
    return undefined;
  }
}

export interface DatabaseOptions {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Function[];
  /** Participants: tables their commands read by order id, fetched with each command's BEGIN. */
  orderRows?: OrderRow[];
}

/**
 * The service's own schema through TypeORM. Migrations run at boot under an advisory lock,
 * so an app started alone (as a container is) finds its tables, and replicas starting
 * together do not race.
 */
@Module({})
export class DatabaseModule {
  static forService(config: AppConfig, options: DatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ type: 'postgres', url: config.databaseUrl, entities: options.entities }),
          dataSourceFactory: () => openServiceDataSource(config, options),
        }),
      ],
      providers: [
        {
          provide: DATABASE_AVAILABILITY,
          useFactory: () =>
            new DatabaseAvailability({
              probe: () => probeDatabase(config.databaseUrl),
              logger: new Logger('DatabaseAvailability'),
              name: config.service,
            }),
        },
      ],
      exports: [TypeOrmModule, DATABASE_AVAILABILITY],
    };
  }
}

export async function openServiceDataSource(config: AppConfig, options: DatabaseOptions) {
  if (!config.schema) throw new Error(`${config.service} owns no database schema`);
  await ensureDatabase(config.databaseUrl);
  const dataSource = createDataSource({
    url: config.databaseUrl,
    schema: config.schema,
    poolSize: config.databasePoolSize,
    entities: options.entities,
    migrations: migrationsFor(config.service as DataOwningService),
    name: config.service,
  });
  await dataSource.initialize();
  await runMigrations(dataSource);
  return dataSource;
}
