import { randomUUID } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import { SERVICE_SCHEMAS } from '@app/config';
import { createDataSource, runMigrations } from '@app/persistence';
import { TestDatabase, createTestDatabase } from '@test/support';
import { CreateOrderReturns1760000007200 } from './1760000007200-create-order-returns';
import { orderMigrations } from './index';

const TABLE = '"orders"."order_returns"';

describe('CreateOrderReturns1760000007200', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let runner: QueryRunner;

  beforeAll(async () => {
    db = await createTestDatabase('migration_order_returns');
    dataSource = await createDataSource({
      url: db.url,
      schema: SERVICE_SCHEMAS.order,
      migrations: orderMigrations,
      poolSize: 1,
    }).initialize();
    await runMigrations(dataSource);
    runner = dataSource.createQueryRunner();
  });

  afterAll(async () => {
    await runner?.release();
    await dataSource?.destroy();
    await db?.drop();
  });

  const insert = (values: {
    status: string;
    refundCents?: number;
    rejectCode?: string | null;
    rejectReason?: string | null;
  }) =>
    runner.query(
      `INSERT INTO ${TABLE} ("return_id", "order_id", "status", "reason", "items", "refund_cents", "reject_code", "reject_reason")
       VALUES ($1, $2, $3, 'damaged', '[{"sku":"SKU-001","quantity":1}]', $4, $5, $6)`,
      [
        randomUUID(),
        randomUUID(),
        values.status,
        values.refundCents ?? 1299,
        values.rejectCode ?? null,
        values.rejectReason ?? null,
      ],
    );

  it('keeps the statuses, a refund that is never negative, and reject details on REJECTED returns only', async () => {
    await expect(insert({ status: 'PENDING' })).resolves.toBeDefined();
    await expect(insert({ status: 'REFUNDED' })).resolves.toBeDefined();
    await expect(
      insert({
        status: 'REJECTED',
        refundCents: 0,
        rejectCode: 'RETURN_EXCEEDS_ORDER',
        rejectReason: 'too many',
      }),
    ).resolves.toBeDefined();
    await expect(insert({ status: 'REJECTED', rejectReason: 'refund declined' })).resolves.toBeDefined();

    await expect(insert({ status: 'SHIPPED' })).rejects.toThrow(/check constraint/);
    await expect(insert({ status: 'PENDING', refundCents: -1 })).rejects.toThrow(/check constraint/);
    await expect(insert({ status: 'PENDING', rejectCode: 'RETURN_NOT_ALLOWED' })).rejects.toThrow(
      /check constraint/,
    );
    await expect(insert({ status: 'REFUNDED', rejectReason: 'why' })).rejects.toThrow(/check constraint/);
  });

  it('keeps refunds beyond 32 bits exact', async () => {
    const returnId = randomUUID();
    await runner.query(
      `INSERT INTO ${TABLE} ("return_id", "order_id", "status", "reason", "items", "refund_cents")
       VALUES ($1, $2, 'PENDING', 'damaged', '[]', 10000000000000)`,
      [returnId, randomUUID()],
    );
    const [{ refund_cents }] = (await runner.query(
      `SELECT "refund_cents" FROM ${TABLE} WHERE "return_id" = $1`,
      [returnId],
    )) as Array<{ refund_cents: string }>;
    expect(refund_cents).toBe('10000000000000');
  });

  it('indexes the returns by order and creation time, and goes down and up again', async () => {
    const indexDefinition = async () =>
      (
        (await runner.query(
          `SELECT indexdef FROM pg_indexes WHERE schemaname = 'orders' AND indexname = 'order_returns_order_id'`,
        )) as Array<{ indexdef: string }>
      )[0]?.indexdef;
    expect(await indexDefinition()).toContain('(order_id, created_at)');

    const migration = new CreateOrderReturns1760000007200();
    await migration.down(runner);
    expect(await runner.hasTable(TABLE.replace(/"/g, ''))).toBe(false);
    expect(await indexDefinition()).toBeUndefined();

    await migration.up(runner);
    expect(await runner.hasTable(TABLE.replace(/"/g, ''))).toBe(true);
    expect(await indexDefinition()).toContain('(order_id, created_at)');
  });
});
