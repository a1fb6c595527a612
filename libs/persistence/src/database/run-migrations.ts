import { DataSource, MigrationExecutor } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { quoteIdent } from '../sql';

/**
 * Creates the DataSource's schema if missing and runs its pending migrations; returns the
 * names of those it ran. A session advisory lock keyed by the schema makes processes that
 * start together take turns: the first migrates, the others then find nothing pending.
 * Everything runs on one connection, the one holding the lock, so a pool of one suffices.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const options = dataSource.options as PostgresConnectionOptions;
  if (!options.schema) throw new Error('runMigrations needs a DataSource created with a schema');
  const lockKey = `migrations:${options.schema}`;
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  try {
    await queryRunner.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
    try {
      await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(options.schema)}`);
      const executor = new MigrationExecutor(dataSource, queryRunner);
      executor.transaction = options.migrationsTransactionMode ?? 'each';
      const ran = await executor.executePendingMigrations();
      return ran.map((migration) => migration.name);
    } finally {
      await queryRunner.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]);
    }
  } finally {
    await queryRunner.release();
  }
}
