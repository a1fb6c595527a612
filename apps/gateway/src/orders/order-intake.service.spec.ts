import { ConflictException, ServiceUnavailableException } from '@nestjs/common';
import { StartOrderFulfillment } from '@app/contracts';
import type { JetStreamPublisher } from '@app/messaging';
import {
  InMemoryAcceptedOrders,
  InMemoryIdempotencyStore,
  RecordingPublisher,
} from '../../test/in-memory-fakes';
import { sampleOrderRequest as sampleOrder } from '@app/contracts';
import { expectEventually } from '@test/support';
import { OrderIntake } from './order-intake.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('OrderIntake', () => {
  let publisher: RecordingPublisher;
  let keys: InMemoryIdempotencyStore;
  let accepted: InMemoryAcceptedOrders;
  let broker: { connected: boolean; isConnected(): boolean };
  let intake: OrderIntake;

  beforeEach(() => {
    publisher = new RecordingPublisher();
    keys = new InMemoryIdempotencyStore();
    accepted = new InMemoryAcceptedOrders();
    broker = { connected: true, isConnected: () => broker.connected };
    intake = new OrderIntake(publisher as unknown as JetStreamPublisher, keys, accepted, broker);
  });

  it('starts a saga: one start message keyed by the saga id, and the order remembered as accepted', async () => {
    const order = sampleOrder();
    const result = await intake.accept(order);

    expect(result).toEqual({
      orderId: expect.stringMatching(UUID),
      sagaId: expect.stringMatching(UUID),
      status: 'PENDING',
    });
    expect(result.orderId).not.toBe(result.sagaId);
    expect(publisher.published).toEqual([
      {
        subject: StartOrderFulfillment.subject,
        type: StartOrderFulfillment.type,
        version: StartOrderFulfillment.version,
        messageId: result.sagaId,
        sagaId: result.sagaId,
        payload: { orderId: result.orderId, sagaId: result.sagaId, order, idempotencyKey: undefined },
      },
    ]);
    expect(accepted.orders.get(result.orderId)).toEqual({
      orderId: result.orderId,
      sagaId: result.sagaId,
      customerId: 'cust-42',
      currency: 'USD',
      items: order.items,
      totalCents: 2 * 1299 + 500,
      acceptedAt: expect.any(String),
    });
  });

  it('starts a new saga for every request without an Idempotency-Key', async () => {
    const first = await intake.accept(sampleOrder());
    const second = await intake.accept(sampleOrder());
    expect(second.orderId).not.toBe(first.orderId);
    expect(new Set(publisher.published.map((message) => message.messageId)).size).toBe(2);
  });

  it('answers a repeated key and body with the same ids and republishes under the same message id', async () => {
    const first = await intake.accept(sampleOrder(), 'key-1');
    const again = await intake.accept(sampleOrder(), 'key-1');

    expect(again).toEqual(first);
    expect(keys.records.size).toBe(1);
    expect(publisher.published.map((message) => message.messageId)).toEqual([first.sagaId, first.sagaId]);
    expect(publisher.published[0].payload).toMatchObject({ idempotencyKey: 'key-1' });
  });

  it('treats a body with the same content in another key order as the same request', async () => {
    const first = await intake.accept(sampleOrder(), 'key-1');
    const { shippingAddress, payment, items, currency, customerId } = sampleOrder();
    const reordered = { shippingAddress, payment, items, currency, customerId };
    await expect(intake.accept(reordered, 'key-1')).resolves.toEqual(first);
  });

  it('refuses a repeated key with a different body with 409 and publishes nothing for it', async () => {
    await intake.accept(sampleOrder(), 'key-1');
    const changed = { ...sampleOrder(), customerId: 'cust-43' };
    await expect(intake.accept(changed, 'key-1')).rejects.toThrow(ConflictException);
    expect(publisher.published).toHaveLength(1);
  });

  it('gives concurrent requests with one key one saga', async () => {
    const results = await Promise.all([1, 2, 3].map(() => intake.accept(sampleOrder(), 'key-1')));
    expect(new Set(results.map((result) => result.sagaId)).size).toBe(1);
    expect(new Set(publisher.published.map((message) => message.messageId)).size).toBe(1);
  });

  it('answers 503 when the start cannot be published, and a retry with the key publishes the same saga', async () => {
    publisher.failure = new Error('no acknowledgement from JetStream in time');
    await expect(intake.accept(sampleOrder(), 'key-1')).rejects.toThrow(ServiceUnavailableException);
    const claimed = keys.records.get('key-1')!;

    publisher.failure = undefined;
    const retried = await intake.accept(sampleOrder(), 'key-1');
    expect(retried).toMatchObject({ orderId: claimed.orderId, sagaId: claimed.sagaId });
    expect(publisher.published.map((message) => message.messageId)).toEqual([claimed.sagaId]);
  });

  it('answers 503 and publishes nothing when the idempotency store or the accepted-orders store is down', async () => {
    keys.failure = new Error('TIMEOUT');
    await expect(intake.accept(sampleOrder(), 'key-1')).rejects.toThrow(ServiceUnavailableException);
    accepted.failure = new Error('TIMEOUT');
    await expect(intake.accept(sampleOrder())).rejects.toThrow(ServiceUnavailableException);
    expect(publisher.published).toHaveLength(0);
  });

  it('writes the accepted-order record while the key is being claimed, and publishes only after both', async () => {
    let releaseClaim!: () => void;
    const claimHeld = new Promise<void>((resolve) => (releaseClaim = resolve));
    const claim = keys.claim.bind(keys);
    keys.claim = async (key, record) => {
      await claimHeld;
      return claim(key, record);
    };
    const accepting = intake.accept(sampleOrder(), 'key-1');
    await expectEventually(() => expect(accepted.orders.size).toBe(1));
    expect(publisher.published).toHaveLength(0);

    releaseClaim();
    const result = await accepting;
    expect([...accepted.orders.keys()]).toEqual([result.orderId]);
    expect(publisher.published.map((message) => message.messageId)).toEqual([result.sagaId]);
  });

  it('remembers the ids of a replayed key even if the first attempt never recorded them', async () => {
    accepted.failure = new Error('TIMEOUT');
    await expect(intake.accept(sampleOrder(), 'key-1')).rejects.toThrow(ServiceUnavailableException);
    expect(publisher.published).toHaveLength(0);
    const claimed = keys.records.get('key-1')!;

    accepted.failure = undefined;
    await expect(intake.accept(sampleOrder(), 'key-1')).resolves.toMatchObject({
      orderId: claimed.orderId,
      sagaId: claimed.sagaId,
    });
    expect(accepted.orders.get(claimed.orderId)).toMatchObject({ sagaId: claimed.sagaId });
    expect(publisher.published.map((message) => message.messageId)).toEqual([claimed.sagaId]);
  });

  it('answers 409 for a different body even when the accepted-orders store is down', async () => {
    await intake.accept(sampleOrder(), 'key-1');
    accepted.failure = new Error('TIMEOUT');
    await expect(intake.accept({ ...sampleOrder(), customerId: 'cust-43' }, 'key-1')).rejects.toThrow(
      ConflictException,
    );
    expect(publisher.published).toHaveLength(1);
  });

  it('answers 503 at once while the client is disconnected from NATS, touching nothing', async () => {
    broker.connected = false;
    await expect(intake.accept(sampleOrder(), 'key-1')).rejects.toThrow(ServiceUnavailableException);
    expect(keys.records.size).toBe(0);
    expect(accepted.orders.size).toBe(0);
    expect(publisher.published).toHaveLength(0);
  });
});
