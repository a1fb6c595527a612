import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { SERVICE_SCHEMAS } from '@app/config';
import { createDataSource, runMigrations } from '@app/persistence';
import { TestDatabase, createTestDatabase } from '@test/support';
import { AddSagaBusinessKey1760000006000 } from './1760000006000-add-saga-business-key';
import { DropSagaOrderId1760000007000 } from './1760000007000-drop-saga-order-id';
import { orchestratorMigrations } from './index';

describe('AddSagaBusinessKey1760000006000', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('migration_business_key');
    dataSource = await createDataSource({
      url: db.url,
      schema: SERVICE_SCHEMAS.orchestrator,
      migrations: orchestratorMigrations,
      poolSize: 1,
    }).initialize();
    await runMigrations(dataSource);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('gives sagas stored before it their order id as business key, and indexes it with the type', async () => {
    const migration = new AddSagaBusinessKey1760000006000();
    // The migration after it dropped the order id column: back to the schema it ran on.
    const later = new DropSagaOrderId1760000007000();
    const runner = dataSource.createQueryRunner();
    try {
      await later.down(runner);
      await migration.down(runner);
      const withOrder = randomUUID();
      const orderId = randomUUID();
      const withoutOrder = randomUUID();
      for (const [id, order] of [
        [withOrder, orderId],
        [withoutOrder, null],
      ]) {
        await runner.query(
          `INSERT INTO "orchestrator"."saga_instance" ("id", "type", "version", "status", "data", "order_id", "correlation_id")
           VALUES ($1, 'order-fulfillment', 1, 'COMPLETED', '{}', $2, 'c')`,
          [id, order],
        );
      }
      await migration.up(runner);

      const rows = (await runner.query(
        `SELECT "id", "business_key" FROM "orchestrator"."saga_instance" ORDER BY "business_key" NULLS LAST`,
      )) as Array<{ id: string; business_key: string | null }>;
      expect(rows).toEqual([
        { id: withOrder, business_key: orderId },
        { id: withoutOrder, business_key: null },
      ]);
      const [index] = (await runner.query(
        `SELECT indexdef FROM pg_indexes WHERE schemaname = 'orchestrator' AND indexname = 'saga_instance_business_key'`,
      )) as Array<{ indexdef: string }>;
      expect(index.indexdef).toContain('(business_key, type)');
    } finally {
      await runner.release();
    }
  });
});
