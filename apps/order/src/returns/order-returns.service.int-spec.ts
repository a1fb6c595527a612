import { randomUUID } from 'node:crypto';
import { type OrderItem, sampleOrderRequest } from '@app/contracts';
import {
  CancelReturnCommand,
  RequestReturnCommand,
  type RequestReturnPayload,
  type RequestReturnReplyResult,
} from '@app/order-return';
import { decidedCommand } from '@app/participant/testing/decide-command';
import {
  ParticipantTestDatabase,
  openParticipantTestDatabase,
} from '@app/participant/testing/participant-test-database';
import { ORDER_ENTITIES } from '../order.entities';
import { Order } from '../order.entity';
import { OrderReturn } from './order-return.entity';
import { orderReturnCommands } from './order-returns-commands.controller';
import { OrderReturnsService } from './order-returns.service';
import { returnSummariesOf } from './order-return-views';

/**
 * The returns table on PostgreSQL, each command in a transaction of its own on its own connection,
 * as replicas of the order service would run them: nothing serializes two returns of one order but
 * the order row's lock (the ledger locks per return).
 */
describe('order returns (PostgreSQL, concurrent transactions)', () => {
  let db: ParticipantTestDatabase;
  const returns = new OrderReturnsService();

  beforeAll(async () => {
    db = await openParticipantTestDatabase('order', ORDER_ENTITIES, 20);
  });
  afterAll(() => db?.close());

  async function approvedOrder(items: OrderItem[]): Promise<string> {
    const { customerId, currency, shippingAddress } = sampleOrderRequest();
    const orderId = randomUUID();
    await db.dataSource.getRepository(Order).insert({
      id: orderId,
      status: 'APPROVED',
      customerId,
      currency,
      items,
      totalCents: items.reduce((sum, item) => sum + item.quantity * item.unitPriceCents, 0),
      shippingAddress,
      cancelReason: null,
    });
    return orderId;
  }

  const returnOf = (orderId: string, sku: string, quantity: number): RequestReturnPayload => ({
    returnId: randomUUID(),
    orderId,
    items: [{ sku, quantity }],
    reason: 'damaged',
  });

  const request = (command: RequestReturnPayload) =>
    db.transaction((manager) =>
      decidedCommand<RequestReturnReplyResult>(
        orderReturnCommands,
        returns,
        manager,
        RequestReturnCommand,
        command,
        {
          businessKey: command.returnId,
        },
      ),
    );

  const heldUnits = async (orderId: string) => {
    const rows = await db.dataSource.getRepository(OrderReturn).findBy({ orderId });
    return rows
      .filter((row) => row.status !== 'REJECTED')
      .flatMap((row) => row.items)
      .reduce((sum, item) => sum + item.quantity, 0);
  };

  it('lets exactly what was ordered through when many single-unit returns race', async () => {
    const orderId = await approvedOrder([{ sku: 'SKU-001', quantity: 3, unitPriceCents: 1299 }]);
    const decisions = await Promise.all(
      Array.from({ length: 10 }, () => request(returnOf(orderId, 'SKU-001', 1))),
    );

    expect(decisions.filter((decision) => decision.reply.outcome === 'SUCCESS')).toHaveLength(3);
    expect(
      decisions.filter((decision) => decision.reply.error?.code === 'RETURN_EXCEEDS_ORDER'),
    ).toHaveLength(7);
    expect(await heldUnits(orderId)).toBe(3);
  });

  it('lets one of two racing returns through when both together exceed the order', async () => {
    for (let round = 0; round < 5; round += 1) {
      const orderId = await approvedOrder([{ sku: 'SKU-001', quantity: 3, unitPriceCents: 1299 }]);
      const [first, second] = await Promise.all([
        request(returnOf(orderId, 'SKU-001', 2)),
        request(returnOf(orderId, 'SKU-001', 2)),
      ]);
      expect([first.reply.outcome, second.reply.outcome].sort()).toEqual(['BUSINESS_FAILURE', 'SUCCESS']);
      expect(await heldUnits(orderId)).toBe(2);
    }
  });

  it('lets both racing returns through when the order holds enough for the two', async () => {
    const orderId = await approvedOrder([
      { sku: 'SKU-001', quantity: 3, unitPriceCents: 1299 },
      { sku: 'SKU-002', quantity: 1, unitPriceCents: 500 },
    ]);
    const [first, second] = await Promise.all([
      request(returnOf(orderId, 'SKU-001', 3)),
      request(returnOf(orderId, 'SKU-002', 1)),
    ]);
    expect(first.reply).toMatchObject({ outcome: 'SUCCESS', result: { refundCents: 3897 } });
    expect(second.reply).toMatchObject({ outcome: 'SUCCESS', result: { refundCents: 500 } });
    expect(await heldUnits(orderId)).toBe(4);
  });

  it('frees the units of a return cancelled while others race for them, never more', async () => {
    const orderId = await approvedOrder([{ sku: 'SKU-001', quantity: 2, unitPriceCents: 100 }]);
    const held = returnOf(orderId, 'SKU-001', 2);
    expect((await request(held)).reply.outcome).toBe('SUCCESS');

    const cancel = db.transaction((manager) =>
      decidedCommand(
        orderReturnCommands,
        returns,
        manager,
        CancelReturnCommand,
        { returnId: held.returnId, orderId, reason: 'refund declined' },
        { businessKey: held.returnId },
      ),
    );
    const racing = Array.from({ length: 4 }, () => request(returnOf(orderId, 'SKU-001', 1)));
    const [cancelled, ...decisions] = await Promise.all([cancel, ...racing]);

    expect(cancelled.reply.outcome).toBe('SUCCESS');
    // Those judged before the cancel committed were refused; at most the two freed units went out.
    expect(decisions.filter((decision) => decision.reply.outcome === 'SUCCESS').length).toBeLessThanOrEqual(
      2,
    );
    expect(await heldUnits(orderId)).toBeLessThanOrEqual(2);
  });

  it('lists the returns in the order view oldest first', async () => {
    const orderId = await approvedOrder([{ sku: 'SKU-001', quantity: 5, unitPriceCents: 10 }]);
    const ids: string[] = [];
    for (const quantity of [1, 2, 9]) {
      const command = returnOf(orderId, 'SKU-001', quantity);
      ids.push(command.returnId);
      await request(command);
    }
    expect(await returnSummariesOf(db.dataSource.manager, orderId)).toEqual([
      { returnId: ids[0], status: 'PENDING', refundCents: 10 },
      { returnId: ids[1], status: 'PENDING', refundCents: 20 },
      { returnId: ids[2], status: 'REJECTED', refundCents: 0 },
    ]);
  });
});
