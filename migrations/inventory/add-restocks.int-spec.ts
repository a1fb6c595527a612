import { randomUUID } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import { SERVICE_SCHEMAS } from '@app/config';
import { createDataSource, runMigrations } from '@app/persistence';
import { TestDatabase, createTestDatabase } from '@test/support';
import { AddRestocks1760000007100 } from './1760000007100-add-restocks';
import { inventoryMigrations } from './index';

describe('AddRestocks1760000007100', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let runner: QueryRunner;

  beforeAll(async () => {
    db = await createTestDatabase('migration_restocks');
    dataSource = await createDataSource({
      url: db.url,
      schema: SERVICE_SCHEMAS.inventory,
      migrations: inventoryMigrations,
      poolSize: 1,
    }).initialize();
    await runMigrations(dataSource);
    runner = dataSource.createQueryRunner();
  });

  afterAll(async () => {
    await runner.release();
    await dataSource.destroy();
    await db.drop();
  });

  const insertRestock = (returnId: string) =>
    runner.query(
      `INSERT INTO "inventory"."restocks" ("return_id", "order_id", "items") VALUES ($1, $2, '[]')`,
      [returnId, randomUUID()],
    );

  it('holds one restock per return', async () => {
    const returnId = randomUUID();
    await insertRestock(returnId);
    await expect(insertRestock(returnId)).rejects.toThrow(/restocks_pkey/);
  });

  it('undoes itself and applies again', async () => {
    const migration = new AddRestocks1760000007100();
    await migration.down(runner);
    expect(await runner.hasTable('inventory.restocks')).toBe(false);
    await migration.up(runner);
    await insertRestock(randomUUID());
  });
});
