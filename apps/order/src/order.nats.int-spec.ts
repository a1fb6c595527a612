import { randomUUID } from 'node:crypto';
import {
  ApproveOrderCommand,
  CancelOrderCommand,
  CreateOrderCommand,
  CreateOrderPayload,
  GetOrderQuery,
  Headers,
  OrderCreatedEvent,
} from '@app/contracts';
import { pollUntil } from '@test/support';
import { ParticipantHarness, startParticipantHarness } from '@app/participant/testing/participant-harness';
import { Order } from './order.entity';
import { OrderModule } from './order.module';

describe('order service over NATS', () => {
  let harness: ParticipantHarness;

  beforeAll(async () => {
    harness = await startParticipantHarness('order', (config) => OrderModule.forRoot(config));
  });
  afterAll(() => harness?.close());

  const newOrder = (orderId: string = randomUUID()): CreateOrderPayload => ({
    orderId,
    customerId: 'cust-42',
    currency: 'EUR',
    items: [{ sku: 'SKU-001', quantity: 2, unitPriceCents: 1299 }],
    totalCents: 2598,
    shippingAddress: {
      name: 'Ada',
      line1: '1 Main St',
      city: 'Springfield',
      postalCode: '12345',
      country: 'DE',
    },
  });

  it('answers a create on saga.reply.order.create, announces the order and serves it to queries', async () => {
    const command = newOrder();
    const commandId = await harness.send(CreateOrderCommand, command);
    const reply = await harness.replyTo(commandId);
    expect(reply.subject).toBe('saga.reply.order.create');
    expect(reply.headers[Headers.causationId]).toBe(commandId);
    expect(reply.payload).toEqual({
      outcome: 'SUCCESS',
      result: { orderId: command.orderId, status: 'PENDING' },
    });
    expect((await pollUntil(() => harness.events.causedBy(commandId)[0])).subject).toBe(
      OrderCreatedEvent.subject,
    );
    expect(await harness.query(GetOrderQuery, { orderId: command.orderId })).toMatchObject({
      orderId: command.orderId,
      status: 'PENDING',
      totalCents: 2598,
      currency: 'EUR',
    });
    expect(await harness.query(GetOrderQuery, { orderId: randomUUID() })).toBeNull();
  });

  it('creates once for a resend under a new message id, with the same reply', async () => {
    const command = newOrder();
    const first = await harness.replyTo(await harness.send(CreateOrderCommand, command));
    const again = await harness.replyTo(await harness.send(CreateOrderCommand, command));
    expect(again.payload).toEqual(first.payload);
    expect(await harness.dataSource.getRepository(Order).countBy({ id: command.orderId })).toBe(1);
  });

  it('handles out-of-order input: approve of an unknown order, cancel before create', async () => {
    const orderId = randomUUID();
    const approve = await harness.replyTo(await harness.send(ApproveOrderCommand, { orderId }));
    expect(approve.subject).toBe('saga.reply.order.approve');
    expect(approve.payload).toMatchObject({
      outcome: 'BUSINESS_FAILURE',
      error: { code: 'ORDER_NOT_FOUND' },
    });

    const cancel = await harness.replyTo(
      await harness.send(CancelOrderCommand, { orderId, reason: 'timed out' }),
    );
    expect(cancel.subject).toBe('saga.reply.order.cancel');
    expect(cancel.payload).toEqual({ outcome: 'SUCCESS', result: { orderId, status: 'CANCELLED' } });
    const late = await harness.replyTo(await harness.send(CreateOrderCommand, newOrder(orderId)));
    expect(late.payload).toMatchObject({
      outcome: 'BUSINESS_FAILURE',
      error: { code: 'ALREADY_COMPENSATED' },
    });
    expect(await harness.query(GetOrderQuery, { orderId })).toMatchObject({ orderId, status: 'CANCELLED' });
  });

  it('dead-letters malformed and oversized commands without effect', async () => {
    const subject = CreateOrderCommand.subject;
    const badCurrency = { ...newOrder(), currency: 'JPY' };
    const tooManyItems = {
      ...newOrder(),
      items: Array.from({ length: 101 }, (_, i) => ({ sku: `SKU-${i}`, quantity: 1, unitPriceCents: 1 })),
    };
    const sent = [
      await harness.sendRaw(subject, CreateOrderCommand.type, 'not json'),
      await harness.sendRaw(subject, CreateOrderCommand.type, JSON.stringify(badCurrency)),
      await harness.sendRaw(subject, CreateOrderCommand.type, JSON.stringify(tooManyItems)),
      await harness.sendRaw(
        subject,
        CreateOrderCommand.type,
        JSON.stringify({ ...newOrder(), note: 'x'.repeat(70_000) }),
      ),
    ];
    await harness.settled();
    for (const messageId of sent) {
      expect(harness.replies.causedBy(messageId)).toEqual([]);
      await pollUntil(() => harness.deadLetters.causedBy(messageId)[0]);
    }
    for (const orderId of [badCurrency.orderId, tooManyItems.orderId]) {
      expect(await harness.query(GetOrderQuery, { orderId })).toBeNull();
    }
  });
});
