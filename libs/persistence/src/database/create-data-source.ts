import { DataSource, EntitySchema, MigrationInterface } from 'typeorm';
import { DATABASE_CONNECTION_DEFAULTS, ListenedClient } from './connection-settings';

export type MigrationClass = new () => MigrationInterface;
// TypeORM identifies an entity by its class, typed `Function` throughout its API.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type EntityClassOrSchema = Function | EntitySchema;

export interface DataSourceSettings {
  url: string;
  /** The service's schema: its entities, and the `migrations` table, live there. */
  schema: string;
  entities?: EntityClassOrSchema[];
  migrations?: MigrationClass[];
  poolSize?: number;
  /** `application_name` of the connections (shows in pg_stat_activity); defaults to the schema. */
  name?: string;
}

/** A PostgreSQL DataSource for one service's schema; the schema changes only through migrations. */
export function createDataSource(settings: DataSourceSettings): DataSource {
  return new DataSource({
    type: 'postgres',
    url: settings.url,
    schema: settings.schema,
    entities: settings.entities ?? [],
    migrations: settings.migrations ?? [],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    migrationsRun: false,
    synchronize: false,
    poolSize: settings.poolSize,
    applicationName: settings.name ?? settings.schema,
    connectTimeoutMS: DATABASE_CONNECTION_DEFAULTS.connectionTimeoutMillis,
    // Handed to the pg Pool: the shared timeouts, and clients that cannot crash the process.
    extra: { ...DATABASE_CONNECTION_DEFAULTS, Client: ListenedClient },
  });
}
