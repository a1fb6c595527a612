import { randomUUID } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import { SERVICE_SCHEMAS } from '@app/config';
import { createDataSource, runMigrations } from '@app/persistence';
import { TestDatabase, createTestDatabase } from '@test/support';
import { DropSagaOrderId1760000007000 } from './1760000007000-drop-saga-order-id';
import { orchestratorMigrations } from './index';

describe('DropSagaOrderId1760000007000', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let runner: QueryRunner;
  const migration = new DropSagaOrderId1760000007000();

  beforeAll(async () => {
    db = await createTestDatabase('migration_drop_order_id');
    dataSource = await createDataSource({
      url: db.url,
      schema: SERVICE_SCHEMAS.orchestrator,
      migrations: orchestratorMigrations,
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

  const columns = async () =>
    (
      (await runner.query(
        `SELECT column_name FROM information_schema.columns
         WHERE table_schema = 'orchestrator' AND table_name = 'saga_instance' AND column_name IN ('order_id', 'business_key')
         ORDER BY column_name`,
      )) as Array<{ column_name: string }>
    ).map((row) => row.column_name);

  const indexes = async () =>
    (
      (await runner.query(
        `SELECT indexname FROM pg_indexes
         WHERE schemaname = 'orchestrator' AND indexname IN ('saga_instance_order_id', 'saga_instance_business_key')
         ORDER BY indexname`,
      )) as Array<{ indexname: string }>
    ).map((row) => row.indexname);

  it('moves every order id into the business key, then drops the column and its index; down restores them', async () => {
    expect(await columns()).toEqual(['business_key']);
    expect(await indexes()).toEqual(['saga_instance_business_key']);

    await migration.down(runner);
    expect(await columns()).toEqual(['business_key', 'order_id']);
    const keyed = { id: randomUUID(), orderId: randomUUID() };
    const keyless = { id: randomUUID(), orderId: randomUUID() };
    const returnSaga = randomUUID();
    const bare = randomUUID();
    const rows: Array<[string, string, string | null, string | null]> = [
      [keyed.id, 'order-fulfillment', keyed.orderId, keyed.orderId],
      // Stored before 1760000006000 filled the keys, or by a process that still wrote only the order id.
      [keyless.id, 'order-fulfillment', keyless.orderId, null],
      [returnSaga, 'order-return', null, 'RET-7'],
      [bare, 'order-fulfillment', null, null],
    ];
    for (const [id, type, orderId, businessKey] of rows) {
      await runner.query(
        `INSERT INTO "orchestrator"."saga_instance" ("id", "type", "version", "status", "data", "order_id", "business_key", "correlation_id")
         VALUES ($1, $2, 1, 'COMPLETED', '{}', $3, $4, 'c')`,
        [id, type, orderId, businessKey],
      );
    }

    await migration.up(runner);

    expect(await columns()).toEqual(['business_key']);
    expect(await indexes()).toEqual(['saga_instance_business_key']);
    const keys = (await runner.query(
      `SELECT "id", "business_key" FROM "orchestrator"."saga_instance" WHERE "id" = ANY($1::uuid[])`,
      [[keyed.id, keyless.id, returnSaga, bare]],
    )) as Array<{ id: string; business_key: string | null }>;
    expect(new Map(keys.map((row) => [row.id, row.business_key]))).toEqual(
      new Map([
        [keyed.id, keyed.orderId],
        [keyless.id, keyless.orderId],
        [returnSaga, 'RET-7'],
        [bare, null],
      ]),
    );

    await migration.down(runner);

    expect(await indexes()).toEqual(['saga_instance_business_key', 'saga_instance_order_id']);
    const orderIds = (await runner.query(
      `SELECT "id", "order_id" FROM "orchestrator"."saga_instance" WHERE "id" = ANY($1::uuid[])`,
      [[keyed.id, keyless.id, returnSaga, bare]],
    )) as Array<{ id: string; order_id: string | null }>;
    expect(new Map(orderIds.map((row) => [row.id, row.order_id]))).toEqual(
      new Map([
        [keyed.id, keyed.orderId],
        [keyless.id, keyless.orderId],
        [returnSaga, null],
        [bare, null],
      ]),
    );

    await migration.up(runner);
    expect(await columns()).toEqual(['business_key']);
  });
});
