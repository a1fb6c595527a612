import { randomUUID } from 'node:crypto';
import {
  ApproveOrderCommand,
  ApproveOrderReplyResult,
  CancelOrderCommand,
  CancelOrderReplyResult,
  CreateOrderCommand,
  CreateOrderPayload,
  CreateOrderReplyResult,
  OrderApprovedEvent,
  OrderCancelledEvent,
  OrderCreatedEvent,
  sampleOrderRequest,
} from '@app/contracts';
import { ProcessedCommand } from '@app/participant';
import { decidedCommand } from '@app/participant/testing/decide-command';
import {
  ParticipantTestDatabase,
  openParticipantTestDatabase,
} from '@app/participant/testing/participant-test-database';
import { orderCommands } from './order-commands.controller';
import { Order } from './order.entity';
import { ORDER_ENTITIES } from './order.entities';
import { CANCELLED_BEFORE_CREATED, OrderService } from './order.service';

describe('OrderService (PostgreSQL)', () => {
  let db: ParticipantTestDatabase;
  const orders = new OrderService();

  beforeAll(async () => {
    db = await openParticipantTestDatabase('order', ORDER_ENTITIES);
  });
  afterAll(() => db.close());

  const newOrder = (orderId: string = randomUUID()): CreateOrderPayload => {
    const { customerId, currency, items, shippingAddress } = sampleOrderRequest();
    return { orderId, customerId, currency, items, totalCents: 3098, shippingAddress };
  };
  // Through the command table, as on receipt: resends and tombstones are its ledger's.
  const create = (command: CreateOrderPayload) =>
    db.transaction((m) =>
      decidedCommand<CreateOrderReplyResult>(orderCommands, orders, m, CreateOrderCommand, command),
    );
  const approve = (orderId: string) =>
    db.transaction((m) =>
      decidedCommand<ApproveOrderReplyResult>(orderCommands, orders, m, ApproveOrderCommand, { orderId }),
    );
  const cancel = (orderId: string, reason = 'payment declined') =>
    db.transaction((m) =>
      decidedCommand<CancelOrderReplyResult>(orderCommands, orders, m, CancelOrderCommand, {
        orderId,
        reason,
      }),
    );
  const find = (orderId: string) => db.transaction((m) => orders.find(m, orderId));
  const countOrders = (orderId: string) => db.dataSource.getRepository(Order).countBy({ id: orderId });

  describe('create', () => {
    it('records a PENDING order with its customer, currency, items, total and address', async () => {
      const command = newOrder();
      const decision = await create(command);
      const { orderId, customerId, currency, items, totalCents } = command;
      expect(decision.reply).toEqual({ outcome: 'SUCCESS', result: { orderId, status: 'PENDING' } });
      expect(decision.events).toEqual([
        { contract: OrderCreatedEvent, payload: { orderId, customerId, currency, items, totalCents } },
      ]);
      expect(await find(orderId)).toEqual({
        orderId,
        status: 'PENDING',
        customerId,
        currency,
        items,
        totalCents,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      const stored = await db.dataSource.getRepository(Order).findOneByOrFail({ id: orderId });
      expect(stored.shippingAddress).toEqual(command.shippingAddress);
    });

    it('creates once when the command comes twice, with the same reply', async () => {
      const command = newOrder();
      const first = await create(command);
      const again = await create(command);
      expect(again.reply).toEqual(first.reply);
      expect(again.events).toEqual([]);
      expect(await countOrders(command.orderId)).toBe(1);
    });

    it('keeps totals beyond 32 bits exact', async () => {
      const command = { ...newOrder(), totalCents: 10_000_000_000_000 };
      await create(command);
      expect((await find(command.orderId))?.totalCents).toBe(10_000_000_000_000);
    });
  });

  describe('approve', () => {
    it('moves a PENDING order to APPROVED, once, with the same reply to a resend', async () => {
      const { orderId } = newOrder();
      await create(newOrder(orderId));
      const first = await approve(orderId);
      expect(first.reply).toEqual({ outcome: 'SUCCESS', result: { orderId, status: 'APPROVED' } });
      expect(first.events).toEqual([{ contract: OrderApprovedEvent, payload: { orderId } }]);
      const again = await approve(orderId);
      expect(again.reply).toEqual(first.reply);
      expect(again.events).toEqual([]);
      expect((await find(orderId))?.status).toBe('APPROVED');
    });

    it('refuses an unknown order without remembering it, so a later approve can still succeed', async () => {
      const orderId = randomUUID();
      expect((await approve(orderId)).reply).toEqual({
        outcome: 'BUSINESS_FAILURE',
        error: { code: 'ORDER_NOT_FOUND', message: `order ${orderId} does not exist` },
      });
      expect(await countOrders(orderId)).toBe(0);
      await create(newOrder(orderId));
      expect((await approve(orderId)).reply.outcome).toBe('SUCCESS');
    });

    it('refuses a cancelled order', async () => {
      const { orderId } = newOrder();
      await create(newOrder(orderId));
      await cancel(orderId);
      expect((await approve(orderId)).reply.error?.code).toBe('ORDER_CANCELLED');
      expect((await find(orderId))?.status).toBe('CANCELLED');
    });
  });

  describe('cancel', () => {
    it('moves a PENDING order to CANCELLED with the reason, once', async () => {
      const { orderId } = newOrder();
      await create(newOrder(orderId));
      const first = await cancel(orderId, 'out of stock');
      expect(first.reply).toEqual({ outcome: 'SUCCESS', result: { orderId, status: 'CANCELLED' } });
      expect(first.events).toEqual([
        { contract: OrderCancelledEvent, payload: { orderId, reason: 'out of stock' } },
      ]);
      const again = await cancel(orderId, 'out of stock');
      expect(again.reply).toEqual(first.reply);
      expect(again.events).toEqual([]);
      expect((await find(orderId))?.status).toBe('CANCELLED');
    });

    it('refuses to cancel an APPROVED order (approval comes after the pivot)', async () => {
      const { orderId } = newOrder();
      await create(newOrder(orderId));
      await approve(orderId);
      const decision = await cancel(orderId);
      expect(decision.reply).toEqual({
        outcome: 'BUSINESS_FAILURE',
        error: { code: 'ORDER_ALREADY_APPROVED', message: `order ${orderId} is approved` },
      });
      expect((await find(orderId))?.status).toBe('APPROVED');
    });

    it('of an unknown order: succeeds as a no-op, leaves a tombstone, and the late create is refused', async () => {
      const orderId = randomUUID();
      const decision = await cancel(orderId);
      expect(decision.reply).toEqual({ outcome: 'SUCCESS', result: { orderId, status: 'CANCELLED' } });
      expect(decision.events).toEqual([]);
      expect(
        await db.dataSource
          .getRepository(ProcessedCommand)
          .findOneBy({ businessKey: orderId, action: 'order.create' }),
      ).toMatchObject({ state: 'TOMBSTONE' });

      const late = await create(newOrder(orderId));
      expect(late.reply).toEqual({
        outcome: 'BUSINESS_FAILURE',
        error: { code: 'ALREADY_COMPENSATED', message: expect.stringContaining(orderId) },
      });
      expect(late.events).toEqual([]);
    });

    it('records the order refused by a tombstone as CANCELLED, once, so it never reads as PENDING', async () => {
      const orderId = randomUUID();
      expect(await find(orderId)).toBeNull();
      await cancel(orderId);
      expect(await find(orderId)).toBeNull();

      const command = newOrder(orderId);
      const late = await create(command);
      const resent = await create(command);
      expect(resent.reply).toEqual(late.reply);
      expect(resent.events).toEqual([]);
      const { customerId, currency, items, totalCents } = command;
      expect(await find(orderId)).toMatchObject({
        orderId,
        status: 'CANCELLED',
        customerId,
        currency,
        items,
        totalCents,
      });
      expect(await countOrders(orderId)).toBe(1);
      const stored = await db.dataSource.getRepository(Order).findOneByOrFail({ id: orderId });
      expect(stored.cancelReason).toBe(CANCELLED_BEFORE_CREATED);

      const approve = await db.transaction((m) => orders.approve(m, { orderId }));
      expect(approve.reply.error?.code).toBe('ORDER_CANCELLED');
      const cancelAgain = await cancel(orderId);
      expect(cancelAgain.reply).toEqual({ outcome: 'SUCCESS', result: { orderId, status: 'CANCELLED' } });
      expect((await find(orderId))?.status).toBe('CANCELLED');
    });

    it('racing its create for the same order leaves every order CANCELLED', async () => {
      const orderIds = Array.from({ length: 10 }, () => randomUUID());
      await Promise.all(orderIds.flatMap((orderId) => [create(newOrder(orderId)), cancel(orderId)]));
      for (const orderId of orderIds) expect((await find(orderId))?.status).toBe('CANCELLED');
    });
  });
});
