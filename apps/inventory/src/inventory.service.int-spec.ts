import { randomUUID } from 'node:crypto';
import { EntityManager, In } from 'typeorm';
import {
  ReleaseInventoryCommand,
  ReleaseInventoryReplyResult,
  ReserveInventoryCommand,
  ReserveInventoryReplyResult,
  StockReleasedEvent,
  StockReservedEvent,
  StockSetEvent,
} from '@app/contracts';
import { ProcessedCommand } from '@app/participant';
import { runBatchedTransaction } from '@app/persistence';
import { decidedCommand } from '@app/participant/testing/decide-command';
import {
  ParticipantTestDatabase,
  openParticipantTestDatabase,
} from '@app/participant/testing/participant-test-database';
import { SeedDemoStock1760000002100 } from '../../../migrations/inventory/1760000002100-seed-demo-stock';
import { inventoryCommands } from './inventory-commands.controller';
import { INVENTORY_ENTITIES } from './inventory.entities';
import { InventoryService } from './inventory.service';
import { Reservation } from './reservation.entity';
import { StockItem } from './stock-item.entity';
import { lockStock, stockLockOpening } from './stock-movements';

describe('InventoryService (PostgreSQL)', () => {
  let db: ParticipantTestDatabase;
  const inventory = new InventoryService();

  beforeAll(async () => {
    db = await openParticipantTestDatabase('inventory', INVENTORY_ENTITIES, 20);
  });
  afterAll(() => db.close());

  // Through the command table, as on receipt: resends and tombstones are its ledger's.
  const reserveIn = (m: EntityManager, orderId: string, items: { sku: string; quantity: number }[]) =>
    decidedCommand<ReserveInventoryReplyResult>(inventoryCommands, inventory, m, ReserveInventoryCommand, {
      orderId,
      items,
    });
  const reserve = (orderId: string, items: { sku: string; quantity: number }[]) =>
    db.transaction((m) => reserveIn(m, orderId, items));
  const release = (orderId: string, reservationId?: string) =>
    db.transaction((m) =>
      decidedCommand<ReleaseInventoryReplyResult>(inventoryCommands, inventory, m, ReleaseInventoryCommand, {
        orderId,
        reservationId,
      }),
    );
  const stockOf = (sku: string) => db.transaction((m) => inventory.stock(m, sku));
  const setStock = (sku: string, available: number) =>
    db.transaction((m) => inventory.setStock(m, { sku, available }));
  const newSku = () => `T-${randomUUID().slice(0, 8).toUpperCase()}`;
  const stocked = async (available: number) => {
    const sku = newSku();
    await setStock(sku, available);
    return sku;
  };

  describe('demo catalogue', () => {
    it('seeds SKU-001…SKU-100 with 1,000,000 units and SKU-OOS with none', async () => {
      const seeded = await db.dataSource.getRepository(StockItem).find();
      const demo = seeded.filter((item) => /^SKU-(\d{3}|OOS)$/.test(item.sku));
      expect(demo).toHaveLength(101);
      expect(await stockOf('SKU-001')).toEqual({ sku: 'SKU-001', available: 1_000_000, reserved: 0 });
      expect(await stockOf('SKU-100')).toEqual({ sku: 'SKU-100', available: 1_000_000, reserved: 0 });
      expect(await stockOf('SKU-OOS')).toEqual({ sku: 'SKU-OOS', available: 0, reserved: 0 });
    });

    it('leaves existing rows alone when the seed runs again', async () => {
      await setStock('SKU-099', 7);
      const runner = db.dataSource.createQueryRunner();
      try {
        await new SeedDemoStock1760000002100().up(runner);
      } finally {
        await runner.release();
      }
      expect(await stockOf('SKU-099')).toEqual({ sku: 'SKU-099', available: 7, reserved: 0 });
    });
  });

  describe('reserve', () => {
    it('holds every item, records the reservation and announces it', async () => {
      const [a, b] = [await stocked(10), await stocked(10)];
      const orderId = randomUUID();
      const decision = await reserve(orderId, [
        { sku: b, quantity: 3 },
        { sku: a, quantity: 2 },
      ]);
      expect(decision.reply).toEqual({ outcome: 'SUCCESS', result: { reservationId: expect.any(String) } });
      const reservationId = decision.reply.result!.reservationId;
      expect(await stockOf(a)).toEqual({ sku: a, available: 8, reserved: 2 });
      expect(await stockOf(b)).toEqual({ sku: b, available: 7, reserved: 3 });
      const items = [
        { sku: a, quantity: 2 },
        { sku: b, quantity: 3 },
      ].sort((x, y) => (x.sku < y.sku ? -1 : 1));
      expect(await db.transaction((m) => inventory.reservationOf(m, orderId))).toEqual({
        reservationId,
        status: 'RESERVED',
        items,
      });
      expect(decision.events).toEqual([
        { contract: StockReservedEvent, payload: { orderId, reservationId, items } },
      ]);
    });

    it('is all or nothing: one short sku refuses the order and moves no stock', async () => {
      const [plenty, scarce] = [await stocked(10), await stocked(1)];
      const orderId = randomUUID();
      const decision = await reserve(orderId, [
        { sku: plenty, quantity: 5 },
        { sku: scarce, quantity: 2 },
      ]);
      expect(decision.reply).toEqual({
        outcome: 'BUSINESS_FAILURE',
        error: { code: 'INSUFFICIENT_STOCK', message: expect.stringContaining(scarce) },
      });
      expect(decision.events).toEqual([]);
      expect(await stockOf(plenty)).toEqual({ sku: plenty, available: 10, reserved: 0 });
      expect(await stockOf(scarce)).toEqual({ sku: scarce, available: 1, reserved: 0 });
      expect(await db.transaction((m) => inventory.reservationOf(m, orderId))).toBeNull();
    });

    it('refuses SKU-OOS with INSUFFICIENT_STOCK and an unknown sku with UNKNOWN_SKU', async () => {
      expect((await reserve(randomUUID(), [{ sku: 'SKU-OOS', quantity: 1 }])).reply.error?.code).toBe(
        'INSUFFICIENT_STOCK',
      );
      expect((await reserve(randomUUID(), [{ sku: 'NO-SUCH-SKU', quantity: 1 }])).reply.error).toEqual({
        code: 'UNKNOWN_SKU',
        message: 'unknown sku: NO-SUCH-SKU',
      });
    });

    it('answers a resend (a new message id) with the same reservation and holds the stock once', async () => {
      const sku = await stocked(10);
      const orderId = randomUUID();
      const first = await reserve(orderId, [{ sku, quantity: 4 }]);
      const again = await reserve(orderId, [{ sku, quantity: 4 }]);
      expect(again.reply).toEqual(first.reply);
      expect(again.events).toEqual([]);
      expect(await stockOf(sku)).toEqual({ sku, available: 6, reserved: 4 });
    });

    it('answers a resend of a refused reservation the same way even after restocking', async () => {
      const sku = await stocked(1);
      const orderId = randomUUID();
      const first = await reserve(orderId, [{ sku, quantity: 2 }]);
      await setStock(sku, 100);
      const again = await reserve(orderId, [{ sku, quantity: 2 }]);
      expect(again.reply).toEqual(first.reply);
      expect(await stockOf(sku)).toEqual({ sku, available: 100, reserved: 0 });
    });

    it('sums repeated lines of one sku (the contract forbids them; the domain still never oversells)', async () => {
      const sku = await stocked(3);
      const decision = await reserve(randomUUID(), [
        { sku, quantity: 2 },
        { sku, quantity: 2 },
      ]);
      expect(decision.reply.error?.code).toBe('INSUFFICIENT_STOCK');
      expect(await stockOf(sku)).toEqual({ sku, available: 3, reserved: 0 });
    });
  });

  describe('release', () => {
    it('returns the held units, marks the reservation RELEASED and announces it', async () => {
      const sku = await stocked(10);
      const orderId = randomUUID();
      const { reservationId } = (await reserve(orderId, [{ sku, quantity: 4 }])).reply.result!;
      const decision = await release(orderId, reservationId);
      expect(decision.reply).toEqual({ outcome: 'SUCCESS', result: { reservationId, status: 'RELEASED' } });
      expect(decision.events).toEqual([
        { contract: StockReleasedEvent, payload: { orderId, reservationId, items: [{ sku, quantity: 4 }] } },
      ]);
      expect(await stockOf(sku)).toEqual({ sku, available: 10, reserved: 0 });
      expect((await db.transaction((m) => inventory.reservationOf(m, orderId)))?.status).toBe('RELEASED');
    });

    it('releases once when sent twice, and a late resend of the reserve holds nothing again', async () => {
      const sku = await stocked(10);
      const orderId = randomUUID();
      const reserved = await reserve(orderId, [{ sku, quantity: 4 }]);
      const first = await release(orderId);
      const again = await release(orderId);
      expect(again.reply).toEqual(first.reply);
      expect(again.events).toEqual([]);
      expect((await reserve(orderId, [{ sku, quantity: 4 }])).reply).toEqual(reserved.reply);
      expect(await stockOf(sku)).toEqual({ sku, available: 10, reserved: 0 });
    });

    it('before any reserve: succeeds as a no-op, leaves a tombstone, and the late reserve is refused', async () => {
      const sku = await stocked(10);
      const orderId = randomUUID();
      const decision = await release(orderId);
      expect(decision.reply).toEqual({ outcome: 'SUCCESS', result: { status: 'RELEASED' } });
      expect(decision.events).toEqual([]);
      const tombstone = await db.dataSource
        .getRepository(ProcessedCommand)
        .findOneBy({ businessKey: orderId, action: 'inventory.reserve' });
      expect(tombstone).toMatchObject({ state: 'TOMBSTONE', reply: null });

      const late = await reserve(orderId, [{ sku, quantity: 1 }]);
      expect(late.reply).toEqual({
        outcome: 'BUSINESS_FAILURE',
        error: { code: 'ALREADY_COMPENSATED', message: expect.any(String) },
      });
      expect(late.events).toEqual([]);
      expect(await stockOf(sku)).toEqual({ sku, available: 10, reserved: 0 });
      expect(await db.transaction((m) => inventory.reservationOf(m, orderId))).toBeNull();
    });

    it('after a refused reserve: succeeds with nothing to release and leaves no tombstone', async () => {
      const orderId = randomUUID();
      const refused = await reserve(orderId, [{ sku: 'SKU-OOS', quantity: 1 }]);
      expect((await release(orderId)).reply).toEqual({ outcome: 'SUCCESS', result: { status: 'RELEASED' } });
      expect((await reserve(orderId, [{ sku: 'SKU-OOS', quantity: 1 }])).reply).toEqual(refused.reply);
    });

    it('refuses to release another reservation id than the order holds', async () => {
      const sku = await stocked(10);
      const orderId = randomUUID();
      await reserve(orderId, [{ sku, quantity: 1 }]);
      const decision = await release(orderId, randomUUID());
      expect(decision.reply.error?.code).toBe('RESERVATION_MISMATCH');
      expect(await stockOf(sku)).toEqual({ sku, available: 9, reserved: 1 });
    });
  });

  describe('stock levels', () => {
    it('sets available, keeps reserved units held, and announces the new level', async () => {
      const sku = await stocked(10);
      await reserve(randomUUID(), [{ sku, quantity: 3 }]);
      const { level, event } = await setStock(sku, 50);
      expect(level).toEqual({ sku, available: 50, reserved: 3 });
      expect(event).toEqual({ contract: StockSetEvent, payload: level });
    });

    it('creates a new sku, and reports an unknown one as null', async () => {
      const sku = newSku();
      expect(await stockOf(sku)).toBeNull();
      expect((await setStock(sku, 5)).level).toEqual({ sku, available: 5, reserved: 0 });
    });
  });

  describe('under concurrency', () => {
    it('lets exactly 10 of 50 concurrent one-unit reservations through against 10 units', async () => {
      const sku = await stocked(10);
      const samples: { available: number; reserved: number }[] = [];
      let racing = true;
      const sampler = (async () => {
        while (racing) {
          const item = await db.dataSource.getRepository(StockItem).findOneByOrFail({ sku });
          samples.push({ available: item.available, reserved: item.reserved });
        }
      })();
      const orderIds = Array.from({ length: 50 }, () => randomUUID());
      const decisions = await Promise.all(
        orderIds.map((orderId) => reserve(orderId, [{ sku, quantity: 1 }])),
      );
      racing = false;
      await sampler;

      const outcomes = decisions.map((decision) => decision.reply.outcome);
      expect(outcomes.filter((outcome) => outcome === 'SUCCESS')).toHaveLength(10);
      expect(decisions.filter((d) => d.reply.error?.code === 'INSUFFICIENT_STOCK')).toHaveLength(40);
      expect(await stockOf(sku)).toEqual({ sku, available: 0, reserved: 10 });
      const held = await db.dataSource.getRepository(Reservation).findBy({ orderId: In(orderIds) });
      expect(held).toHaveLength(10);
      expect(samples.length).toBeGreaterThan(0);
      for (const sample of samples) {
        expect(sample.available + sample.reserved).toBe(10);
        expect(sample.available).toBeGreaterThanOrEqual(0);
      }
    });

    it('never deadlocks when orders list the same skus in opposite orders', async () => {
      const [a, b] = [await stocked(20), await stocked(20)];
      const decisions = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          reserve(
            randomUUID(),
            i % 2 === 0
              ? [
                  { sku: a, quantity: 1 },
                  { sku: b, quantity: 1 },
                ]
              : [
                  { sku: b, quantity: 1 },
                  { sku: a, quantity: 1 },
                ],
          ),
        ),
      );
      expect(decisions.filter((decision) => decision.reply.outcome === 'SUCCESS')).toHaveLength(20);
      expect(await stockOf(a)).toEqual({ sku: a, available: 0, reserved: 20 });
      expect(await stockOf(b)).toEqual({ sku: b, available: 0, reserved: 20 });
    });

    it('judges a reserve and its release racing for the same order one after the other', async () => {
      const sku = await stocked(10);
      const orderIds = Array.from({ length: 20 }, () => randomUUID());
      await Promise.all(
        orderIds.flatMap((orderId) => [reserve(orderId, [{ sku, quantity: 1 }]), release(orderId)]),
      );
      // Whichever came first per order, nothing stays held: released after reserving, or refused after a tombstone.
      expect(await stockOf(sku)).toEqual({ sku, available: 10, reserved: 0 });
    });
  });

  describe('with the stock rows locked by the BEGIN (how the command handler runs it)', () => {
    const reserveOpened = (orderId: string, items: { sku: string; quantity: number }[]) => {
      const opening = stockLockOpening(items.map((item) => item.sku));
      return runBatchedTransaction(db.dataSource, opening.statements('inventory'), async (manager, rows) => {
        opening.opened(manager, rows);
        return reserveIn(manager, orderId, items);
      });
    };

    it('never oversells: of two orders for the last unit one is reserved, the other declined', async () => {
      const sku = await stocked(1);

      const outcomes = await Promise.all([
        reserveOpened(randomUUID(), [{ sku, quantity: 1 }]),
        reserveOpened(randomUUID(), [{ sku, quantity: 1 }]),
      ]);

      expect(outcomes.map((outcome) => outcome.reply.outcome).sort()).toEqual([
        'BUSINESS_FAILURE',
        'SUCCESS',
      ]);
      expect(await stockOf(sku)).toEqual({ sku, available: 0, reserved: 1 });
    });

    it('answers lockStock from the rows the BEGIN locked, without a query of its own', async () => {
      const [a, b] = [await stocked(3), await stocked(5)];
      const opening = stockLockOpening([b, a, b]);

      const levels = await runBatchedTransaction(
        db.dataSource,
        opening.statements('inventory'),
        async (manager, rows) => {
          opening.opened(manager, rows);
          Object.assign(manager.queryRunner!, {
            query: () => Promise.reject(new Error('a query of its own')),
          });
          return lockStock(manager, [a, b]);
        },
      );

      expect(levels).toEqual(
        [
          { sku: a, available: 3 },
          { sku: b, available: 5 },
        ].sort((x, y) => (x.sku < y.sku ? -1 : 1)),
      );
    });
  });
});
