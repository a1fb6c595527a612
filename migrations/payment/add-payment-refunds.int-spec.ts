import { randomUUID } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import { SERVICE_SCHEMAS } from '@app/config';
import { createDataSource, runMigrations } from '@app/persistence';
import { TestDatabase, createTestDatabase } from '@test/support';
import { AddPaymentRefunds1760000007100 } from './1760000007100-add-payment-refunds';
import { paymentMigrations } from './index';

describe('AddPaymentRefunds1760000007100', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let runner: QueryRunner;
  const migration = new AddPaymentRefunds1760000007100();

  beforeAll(async () => {
    db = await createTestDatabase('migration_payment_refunds');
    dataSource = await createDataSource({
      url: db.url,
      schema: SERVICE_SCHEMAS.payment,
      migrations: paymentMigrations,
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

  const insertPayment = async (id: string) =>
    runner.query(
      `INSERT INTO "payments"."payments" ("id", "order_id", "status", "amount_cents", "currency")
       VALUES ($1, $2, 'CAPTURED', 5000, 'USD')`,
      [id, randomUUID()],
    );
  const insertRefund = (paymentId: string, returnId: string, amountCents: number) =>
    runner.query(
      `INSERT INTO "payments"."payment_refunds" ("refund_id", "payment_id", "return_id", "amount_cents")
       VALUES ($1, $2, $3, $4)`,
      [randomUUID(), paymentId, returnId, amountCents],
    );

  it('keeps the payments made before it, without a card token, and undoes itself', async () => {
    await migration.down(runner);
    const earlier = randomUUID();
    await insertPayment(earlier);
    await migration.up(runner);

    expect(
      await runner.query(`SELECT "id", "card_token" FROM "payments"."payments" WHERE "id" = $1`, [earlier]),
    ).toEqual([{ id: earlier, card_token: null }]);
    await insertRefund(earlier, randomUUID(), 100);
  });

  it('holds one refund per return, of a known payment, never negative', async () => {
    const paymentId = randomUUID();
    await insertPayment(paymentId);
    const returnId = randomUUID();
    await insertRefund(paymentId, returnId, 0);

    await expect(insertRefund(paymentId, returnId, 100)).rejects.toThrow(/payment_refunds_return_id_key/);
    await expect(insertRefund(randomUUID(), randomUUID(), 100)).rejects.toThrow(/foreign key/);
    await expect(insertRefund(paymentId, randomUUID(), -1)).rejects.toThrow(/check constraint/);
  });
});
