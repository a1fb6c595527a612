import { randomUUID } from 'node:crypto';
import { EntityManager, EntitySchema } from 'typeorm';
import { runBatchedTransaction } from './batched-transaction';
import { useEntityDatabase } from '../test/entity-database';
import { findOrderRow, orderRowsOpening } from './order-row-reads';

interface Charge {
  id: string;
  orderId: string;
  amountCents: number;
  lines: { sku: string }[];
  createdAt: Date;
}

const ChargeEntity = new EntitySchema<Charge>({
  name: 'Charge',
  tableName: 'charges',
  columns: {
    id: { type: 'uuid', primary: true },
    orderId: { type: 'uuid', name: 'order_id' },
    amountCents: {
      type: 'bigint',
      name: 'amount_cents',
      transformer: { to: (value: number) => value, from: (value: string) => Number(value) },
    },
    lines: { type: 'jsonb' },
    createdAt: { type: 'timestamptz', name: 'created_at', createDate: true },
  },
});
const CHARGE_ROWS = [{ entity: ChargeEntity, orderIdProperty: 'orderId' as const }];

describe('order rows read with the BEGIN', () => {
  const database = useEntityDatabase(
    'order_rows',
    [ChargeEntity],
    `CREATE TABLE charges (id uuid PRIMARY KEY, order_id uuid NOT NULL UNIQUE,
      amount_cents bigint NOT NULL, lines jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
  );

  /** A transaction that read `orderId`'s rows with its BEGIN and then may not send a statement of its own. */
  const withRowsRead = <T>(orderId: string, work: (manager: EntityManager) => Promise<T>) => {
    const opening = orderRowsOpening(database.dataSource, CHARGE_ROWS, orderId);
    return runBatchedTransaction(database.dataSource, opening.statements('public'), async (manager, rows) => {
      opening.opened(manager, rows);
      const queryRunner = manager.queryRunner!;
      const refuse = () => Promise.reject(new Error('a statement of its own'));
      Object.assign(queryRunner, { query: refuse, connect: refuse });
      return work(manager);
    });
  };

  it('answers findOrderRow from the BEGIN’s read, hydrated as findOneBy would', async () => {
    const orderId = randomUUID();
    await database.dataSource
      .getRepository(ChargeEntity)
      .insert({ id: randomUUID(), orderId, amountCents: 12_345, lines: [{ sku: 'SKU-1' }] });
    const expected = await database.dataSource.getRepository(ChargeEntity).findOneBy({ orderId });

    const read = await withRowsRead(orderId, (manager) =>
      findOrderRow(manager, ChargeEntity, 'orderId', orderId),
    );

    expect(read).toEqual(expected);
    expect(read).toMatchObject({ amountCents: 12_345, lines: [{ sku: 'SKU-1' }] });
    expect(read!.createdAt).toBeInstanceOf(Date);
  });

  it('answers null for an order without a row, still without a round trip', async () => {
    const orderId = randomUUID();

    await expect(
      withRowsRead(orderId, (manager) => findOrderRow(manager, ChargeEntity, 'orderId', orderId)),
    ).resolves.toBeNull();
  });

  it('asks the database for any other order, and outside such a transaction', async () => {
    const other = randomUUID();
    await database.dataSource
      .getRepository(ChargeEntity)
      .insert({ id: randomUUID(), orderId: other, amountCents: 1, lines: [] });

    await expect(
      withRowsRead(randomUUID(), (manager) => findOrderRow(manager, ChargeEntity, 'orderId', other)),
    ).rejects.toThrow('a statement of its own');
    await expect(
      findOrderRow(database.dataSource.manager, ChargeEntity, 'orderId', other),
    ).resolves.toMatchObject({
      orderId: other,
      amountCents: 1,
    });
  });
});
