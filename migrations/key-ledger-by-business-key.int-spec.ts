import { randomUUID } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import { SERVICE_SCHEMAS } from '@app/config';
import { createDataSource, runMigrations } from '@app/persistence';
import { TestDatabase, createTestDatabase } from '@test/support';
import { migrationsFor } from './index';
import { KeyLedgerByBusinessKey1760000007300 as InventoryMigration } from './inventory/1760000007300-key-ledger-by-business-key';
import { KeyLedgerByBusinessKey1760000007300 as OrderMigration } from './order/1760000007300-key-ledger-by-business-key';
import { KeyLedgerByBusinessKey1760000007300 as PaymentMigration } from './payment/1760000007300-key-ledger-by-business-key';
import { KeyLedgerByBusinessKey1760000007300 as ShippingMigration } from './shipping/1760000007300-key-ledger-by-business-key';

const PARTICIPANTS = [
  ['order', OrderMigration],
  ['payment', PaymentMigration],
  ['inventory', InventoryMigration],
  ['shipping', ShippingMigration],
] as const;

describe.each(PARTICIPANTS)('KeyLedgerByBusinessKey1760000007300 (%s)', (service, Migration) => {
  const table = `"${SERVICE_SCHEMAS[service]}"."processed_commands"`;
  const migration = new Migration();
  let db: TestDatabase;
  let dataSource: DataSource;
  let runner: QueryRunner;

  beforeAll(async () => {
    db = await createTestDatabase(`migration_ledger_key_${service}`);
    dataSource = await createDataSource({
      url: db.url,
      schema: SERVICE_SCHEMAS[service],
      migrations: migrationsFor(service),
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

  const columns = async () =>
    (await runner.query(
      `SELECT column_name, data_type FROM information_schema.columns
       WHERE table_schema = $1 AND table_name = 'processed_commands' AND column_name IN ('order_id', 'business_key')`,
      [SERVICE_SCHEMAS[service]],
    )) as Array<{ column_name: string; data_type: string }>;
  const primaryKey = async () =>
    (
      (await runner.query(
        `SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint
         WHERE conrelid = $1::regclass AND contype = 'p'`,
        [table],
      )) as Array<{ definition: string }>
    ).map((row) => row.definition);

  it('keeps the rows written under order ids as business keys, and takes keys that are no uuid', async () => {
    expect(await columns()).toEqual([{ column_name: 'business_key', data_type: 'text' }]);
    await migration.down(runner);
    expect(await columns()).toEqual([{ column_name: 'order_id', data_type: 'uuid' }]);
    const orderId = randomUUID();
    await runner.query(
      `INSERT INTO ${table} ("order_id", "action", "state", "reply")
       VALUES ($1, 'x.do', 'DONE', '{"outcome":"SUCCESS"}'), ($1, 'x.do-more', 'TOMBSTONE', NULL)`,
      [orderId],
    );

    await migration.up(runner);

    expect(await columns()).toEqual([{ column_name: 'business_key', data_type: 'text' }]);
    expect(await primaryKey()).toEqual(['PRIMARY KEY (business_key, action)']);
    expect(
      await runner.query(
        `SELECT "business_key", "action", "state", "reply" FROM ${table} WHERE "business_key" = $1 ORDER BY "action"`,
        [orderId],
      ),
    ).toEqual([
      { business_key: orderId, action: 'x.do', state: 'DONE', reply: { outcome: 'SUCCESS' } },
      { business_key: orderId, action: 'x.do-more', state: 'TOMBSTONE', reply: null },
    ]);
    await expect(
      runner.query(`INSERT INTO ${table} ("business_key", "action", "state") VALUES ($1, 'x.do', 'DONE')`, [
        orderId,
      ]),
    ).rejects.toThrow(/duplicate key/);
    await runner.query(
      `INSERT INTO ${table} ("business_key", "action", "state") VALUES ('return-7', 'x.do', 'DONE')`,
    );
  });

  it('goes back to order ids only when every key is one, keeping the rows', async () => {
    await expect(migration.down(runner)).rejects.toThrow(/invalid input syntax for type uuid/);
    expect(await columns()).toEqual([{ column_name: 'business_key', data_type: 'text' }]);

    await runner.query(`DELETE FROM ${table} WHERE "business_key" = 'return-7'`);
    const before = Number((await runner.query(`SELECT count(*) AS n FROM ${table}`))[0].n);
    await migration.down(runner);

    expect(await columns()).toEqual([{ column_name: 'order_id', data_type: 'uuid' }]);
    expect(await primaryKey()).toEqual(['PRIMARY KEY (order_id, action)']);
    expect(Number((await runner.query(`SELECT count(*) AS n FROM ${table}`))[0].n)).toBe(before);
    await migration.up(runner);
  });
});
