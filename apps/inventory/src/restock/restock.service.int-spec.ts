import { randomUUID } from 'node:crypto';
import { runBatchedTransaction } from '@app/persistence';
import {
  ParticipantTestDatabase,
  openParticipantTestDatabase,
} from '@app/participant/testing/participant-test-database';
import { RestockInventoryPayload, StockRestockedEvent } from '@app/order-return';
import { pollUntil } from '@test/support';
import { INVENTORY_ENTITIES } from '../inventory.entities';
import { InventoryService } from '../inventory.service';
import { shiftToReserved, stockLockOpening } from '../stock-movements';
import { Restock } from './restock.entity';
import { RestockService } from './restock.service';

describe('RestockService (PostgreSQL)', () => {
  let db: ParticipantTestDatabase;
  const inventory = new InventoryService();
  const restocks = new RestockService();

  beforeAll(async () => {
    db = await openParticipantTestDatabase('inventory', INVENTORY_ENTITIES);
  });
  afterAll(() => db.close());

  const newSku = () => `T-${randomUUID().slice(0, 8).toUpperCase()}`;
  const stocked = async (available: number) => {
    const sku = newSku();
    await db.transaction((m) => inventory.setStock(m, { sku, available }));
    return sku;
  };
  const stockOf = (sku: string) => db.transaction((m) => inventory.stock(m, sku));
  const command = (
    items: { sku: string; quantity: number }[],
    orderId = randomUUID(),
    returnId = randomUUID(),
  ): RestockInventoryPayload => ({ returnId, orderId, items });
  /** As the command handler runs it: the stock rows locked with the BEGIN, the writes sent with the COMMIT. */
  const restock = (payload: RestockInventoryPayload) => {
    const opening = stockLockOpening(payload.items.map((item) => item.sku));
    return runBatchedTransaction(db.dataSource, opening.statements('inventory'), async (manager, rows) => {
      opening.opened(manager, rows);
      return restocks.restock(manager, payload);
    });
  };
  const restockRows = (returnId: string) => db.dataSource.getRepository(Restock).findBy({ returnId });

  it("adds the return's units back to available, records the restock and announces it", async () => {
    const [a, b] = [await stocked(10), await stocked(0)];
    const payload = command([
      { sku: b, quantity: 3 },
      { sku: a, quantity: 2 },
    ]);
    const decision = await restock(payload);

    const items = [
      { sku: a, quantity: 2 },
      { sku: b, quantity: 3 },
    ].sort((x, y) => (x.sku < y.sku ? -1 : 1));
    expect(decision.reply).toEqual({ outcome: 'SUCCESS', result: { returnId: payload.returnId } });
    expect(decision.events).toEqual([
      {
        contract: StockRestockedEvent,
        payload: { returnId: payload.returnId, orderId: payload.orderId, items },
      },
    ]);
    expect(await stockOf(a)).toEqual({ sku: a, available: 12, reserved: 0 });
    expect(await stockOf(b)).toEqual({ sku: b, available: 3, reserved: 0 });
    expect(await restockRows(payload.returnId)).toEqual([
      { returnId: payload.returnId, orderId: payload.orderId, items, createdAt: expect.any(Date) },
    ]);
  });

  it('leaves reserved units alone', async () => {
    const sku = await stocked(5);
    await db.transaction((m) => shiftToReserved(m, [{ sku, quantity: 4 }], 1));
    await restock(command([{ sku, quantity: 2 }]));
    expect(await stockOf(sku)).toEqual({ sku, available: 3, reserved: 4 });
  });

  it('adds a return once when it comes again, with the same reply and no second event', async () => {
    const sku = await stocked(1);
    const payload = command([{ sku, quantity: 2 }]);
    const first = await restock(payload);
    const again = await restock(payload);
    expect(again.reply).toEqual(first.reply);
    expect(again.events).toEqual([]);
    expect(await stockOf(sku)).toEqual({ sku, available: 3, reserved: 0 });
  });

  it('adds two returns of one order twice', async () => {
    const sku = await stocked(0);
    const orderId = randomUUID();
    await restock(command([{ sku, quantity: 1 }], orderId));
    await restock(command([{ sku, quantity: 2 }], orderId));
    expect(await stockOf(sku)).toEqual({ sku, available: 3, reserved: 0 });
  });

  it('creates the stock row of a sku that has none, with the returned units', async () => {
    const [known, unknown] = [await stocked(1), newSku()];
    const payload = command([
      { sku: unknown, quantity: 4 },
      { sku: known, quantity: 1 },
    ]);
    expect((await restock(payload)).reply.outcome).toBe('SUCCESS');
    expect(await stockOf(unknown)).toEqual({ sku: unknown, available: 4, reserved: 0 });
    expect(await stockOf(known)).toEqual({ sku: known, available: 2, reserved: 0 });
  });

  it('adds both of two returns restocking the same skus at once, listed in opposite orders', async () => {
    const [a, b] = [await stocked(0), await stocked(0)];
    const outcomes = await Promise.all([
      restock(
        command([
          { sku: a, quantity: 1 },
          { sku: b, quantity: 2 },
        ]),
      ),
      restock(
        command([
          { sku: b, quantity: 3 },
          { sku: a, quantity: 4 },
        ]),
      ),
    ]);
    expect(outcomes.map((outcome) => outcome.reply.outcome)).toEqual(['SUCCESS', 'SUCCESS']);
    expect(await stockOf(a)).toEqual({ sku: a, available: 5, reserved: 0 });
    expect(await stockOf(b)).toEqual({ sku: b, available: 5, reserved: 0 });
  });

  it('adds a return once when its resend runs while the first is still open: the resend waits, then sees it', async () => {
    const sku = await stocked(0);
    const payload = command([{ sku, quantity: 2 }]);
    let resend: ReturnType<typeof restock> | undefined;
    const opening = stockLockOpening([sku]);
    const first = await runBatchedTransaction(
      db.dataSource,
      opening.statements('inventory'),
      async (manager, rows) => {
        opening.opened(manager, rows);
        const decision = await restocks.restock(manager, payload);
        resend = restock(payload);
        await pollUntil(() => sessionsWaitingOnALock(), { timeoutMs: 10_000 }, 'the resend to wait');
        return decision;
      },
    );
    expect(first.events).toHaveLength(1);
    const second = await resend!;
    expect(second.reply).toEqual(first.reply);
    expect(second.events).toEqual([]);
    expect(await stockOf(sku)).toEqual({ sku, available: 2, reserved: 0 });
    expect(await restockRows(payload.returnId)).toHaveLength(1);
  });

  async function sessionsWaitingOnALock(): Promise<boolean> {
    const [{ waiting }] = (await db.dataSource.query(
      `SELECT count(*)::int AS waiting FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    )) as [{ waiting: number }];
    return waiting > 0;
  }
});
