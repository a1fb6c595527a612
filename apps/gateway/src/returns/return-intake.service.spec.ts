import { randomUUID } from 'node:crypto';
import { ConflictException, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { GetOrderQuery, type GetOrderResult, validatePayload } from '@app/contracts';
import type { JetStreamPublisher } from '@app/messaging';
import { StartOrderReturn } from '@app/order-return';
import {
  InMemoryAcceptedOrders,
  InMemoryAcceptedReturns,
  InMemoryIdempotencyStore,
  RecordingPublisher,
  ScriptedQueryClient,
} from '../../test/in-memory-fakes';
import { ReturnIntake } from './return-intake.service';
import type { ReturnRequest } from './return-request';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const returnRequest = (): ReturnRequest => ({
  items: [
    { sku: 'SKU-001', quantity: 1 },
    { sku: 'SKU-002', quantity: 2 },
  ],
  reason: 'damaged',
});

const orderOf = (orderId: string): GetOrderResult => ({
  orderId,
  status: 'APPROVED',
  customerId: 'cust-42',
  currency: 'USD',
  items: [
    { sku: 'SKU-001', quantity: 2, unitPriceCents: 1299 },
    { sku: 'SKU-002', quantity: 2, unitPriceCents: 500 },
  ],
  totalCents: 3598,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:01.000Z',
});

describe('ReturnIntake', () => {
  const orderId = randomUUID();
  let publisher: RecordingPublisher;
  let keys: InMemoryIdempotencyStore;
  let queries: ScriptedQueryClient;
  let acceptedOrders: InMemoryAcceptedOrders;
  let acceptedReturns: InMemoryAcceptedReturns;
  let broker: { connected: boolean; isConnected(): boolean };
  let intake: ReturnIntake;

  beforeEach(() => {
    publisher = new RecordingPublisher();
    keys = new InMemoryIdempotencyStore();
    queries = new ScriptedQueryClient().answer(GetOrderQuery, ({ orderId: asked }) =>
      asked === orderId ? orderOf(orderId) : null,
    );
    acceptedOrders = new InMemoryAcceptedOrders();
    acceptedReturns = new InMemoryAcceptedReturns();
    broker = { connected: true, isConnected: () => broker.connected };
    intake = new ReturnIntake(
      publisher as unknown as JetStreamPublisher,
      keys,
      queries,
      acceptedOrders,
      acceptedReturns,
      broker,
    );
  });

  it('starts an order-return saga keyed by its saga id, and remembers the return as accepted', async () => {
    const request = returnRequest();
    const result = await intake.accept(orderId, request);

    expect(result).toEqual({
      returnId: expect.stringMatching(UUID),
      sagaId: expect.stringMatching(UUID),
      status: 'PENDING',
    });
    expect(result.returnId).not.toBe(result.sagaId);
    const payload = {
      sagaId: result.sagaId,
      returnId: result.returnId,
      orderId,
      items: request.items,
      reason: 'damaged',
      idempotencyKey: undefined,
    };
    expect(publisher.published).toEqual([
      {
        subject: 'saga.start.order-return',
        type: StartOrderReturn.type,
        version: StartOrderReturn.version,
        messageId: result.sagaId,
        sagaId: result.sagaId,
        payload,
      },
    ]);
    expect(validatePayload(StartOrderReturn, JSON.parse(JSON.stringify(payload)))).toMatchObject({
      ok: true,
    });
    expect(await acceptedReturns.find(orderId, result.returnId)).toEqual({
      returnId: result.returnId,
      orderId,
      sagaId: result.sagaId,
      items: request.items,
      reason: 'damaged',
      acceptedAt: expect.any(String),
    });
    expect(queries.asked).toEqual([{ subject: GetOrderQuery.subject, payload: { orderId } }]);
  });

  it('starts a new saga for every request without an Idempotency-Key', async () => {
    const first = await intake.accept(orderId, returnRequest());
    const second = await intake.accept(orderId, returnRequest());
    expect(second.returnId).not.toBe(first.returnId);
    expect(new Set(publisher.published.map((message) => message.messageId)).size).toBe(2);
  });

  describe('with an Idempotency-Key', () => {
    it('answers a repeat with the same ids and republishes under the same message id (one saga)', async () => {
      const first = await intake.accept(orderId, returnRequest(), 'key-1');
      const again = await intake.accept(orderId, returnRequest(), 'key-1');

      expect(again).toEqual(first);
      expect(publisher.published.map((message) => message.messageId)).toEqual([first.sagaId, first.sagaId]);
      expect(publisher.published[0].payload).toMatchObject({ idempotencyKey: 'key-1' });
      expect(keys.returnRecords.get(orderId)?.get('key-1')).toEqual({
        bodyHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        orderId,
        returnId: first.returnId,
        sagaId: first.sagaId,
      });
      expect(acceptedReturns.returns.get(orderId)?.size).toBe(1);
    });

    it('treats the same content in another key order as the same request', async () => {
      const first = await intake.accept(orderId, returnRequest(), 'key-1');
      const { reason, items } = returnRequest();
      const reordered = { reason, items: items.map(({ quantity, sku }) => ({ quantity, sku })) };
      expect(await intake.accept(orderId, reordered, 'key-1')).toEqual(first);
    });

    it('refuses the key with another body with 409, starting and remembering nothing for it', async () => {
      await intake.accept(orderId, returnRequest(), 'key-1');
      const other = { ...returnRequest(), reason: 'wrong size' };

      await expect(intake.accept(orderId, other, 'key-1')).rejects.toThrow(
        new ConflictException('This Idempotency-Key was already used with a different request body'),
      );
      expect(publisher.published).toHaveLength(1);
      expect(acceptedReturns.returns.get(orderId)?.size).toBe(1);
    });

    it('does not mistake a key used for POST /orders, or for another order, for this return', async () => {
      const otherOrderId = randomUUID();
      queries.answer(GetOrderQuery, ({ orderId: asked }) => orderOf(asked));
      await keys.claim('key-1', { bodyHash: 'order body', orderId: randomUUID(), sagaId: randomUUID() });

      const forThisOrder = await intake.accept(orderId, returnRequest(), 'key-1');
      const forOtherOrder = await intake.accept(otherOrderId, returnRequest(), 'key-1');

      expect(forOtherOrder.returnId).not.toBe(forThisOrder.returnId);
      expect(publisher.published.map((message) => message.payload)).toEqual([
        expect.objectContaining({ orderId, returnId: forThisOrder.returnId }),
        expect.objectContaining({ orderId: otherOrderId, returnId: forOtherOrder.returnId }),
      ]);
    });

    it('gives concurrent requests with one key one saga', async () => {
      const results = await Promise.all(
        Array.from({ length: 5 }, () => intake.accept(orderId, returnRequest(), 'key-1')),
      );
      expect(new Set(results.map((result) => result.sagaId)).size).toBe(1);
      expect(new Set(publisher.published.map((message) => message.messageId)).size).toBe(1);
    });

    it('publishes again on a replay whose first attempt failed to publish, under the first ids', async () => {
      publisher.failure = new Error('publish timeout');
      await expect(intake.accept(orderId, returnRequest(), 'key-1')).rejects.toThrow(
        ServiceUnavailableException,
      );
      const claimed = keys.returnRecords.get(orderId)!.get('key-1')!;

      publisher.failure = undefined;
      const replay = await intake.accept(orderId, returnRequest(), 'key-1');
      expect(replay).toEqual({ returnId: claimed.returnId, sagaId: claimed.sagaId, status: 'PENDING' });
      expect(publisher.published).toHaveLength(1);
      expect(await acceptedReturns.find(orderId, replay.returnId)).not.toBeNull();
    });
  });

  describe('the order', () => {
    it('is 404 when neither the order service nor the gateway knows it, and nothing starts', async () => {
      const unknown = randomUUID();
      await expect(intake.accept(unknown, returnRequest(), 'key-1')).rejects.toThrow(
        new NotFoundException(`Order ${unknown} not found`),
      );
      expect(publisher.published).toEqual([]);
      expect(keys.returnRecords.size).toBe(0);
      expect(acceptedReturns.returns.size).toBe(0);
    });

    it('exists when the gateway accepted it and its saga has not created it yet: the saga decides', async () => {
      const accepted = randomUUID();
      await acceptedOrders.remember({
        orderId: accepted,
        sagaId: randomUUID(),
        customerId: 'cust-42',
        currency: 'USD',
        items: [{ sku: 'SKU-001', quantity: 1, unitPriceCents: 1 }],
        totalCents: 1,
        acceptedAt: '2025-01-01T00:00:00.000Z',
      });
      const result = await intake.accept(accepted, returnRequest());
      expect(publisher.published[0].payload).toMatchObject({ orderId: accepted, returnId: result.returnId });
    });

    it('answers 503 when the order service does not answer, before claiming the key', async () => {
      queries.fail(GetOrderQuery);
      await expect(intake.accept(orderId, returnRequest(), 'key-1')).rejects.toThrow(
        new ServiceUnavailableException('The order service is not answering; retry later'),
      );
      expect(keys.returnRecords.size).toBe(0);
      expect(publisher.published).toEqual([]);
    });
  });

  it('answers 503 at once while the broker is unreachable, asking nothing', async () => {
    broker.connected = false;
    await expect(intake.accept(orderId, returnRequest(), 'key-1')).rejects.toThrow(
      new ServiceUnavailableException(
        'Returns cannot be accepted right now (message broker unreachable); retry with the same Idempotency-Key',
      ),
    );
    expect(queries.asked).toEqual([]);
  });

  it('answers 503 when the key store fails, and publishes nothing', async () => {
    keys.failure = new Error('kv down');
    await expect(intake.accept(orderId, returnRequest(), 'key-1')).rejects.toThrow(
      ServiceUnavailableException,
    );
    expect(publisher.published).toEqual([]);
  });

  it('answers 503 when the accepted return cannot be remembered, and publishes nothing', async () => {
    acceptedReturns.failure = new Error('kv down');
    await expect(intake.accept(orderId, returnRequest())).rejects.toThrow(ServiceUnavailableException);
    expect(publisher.published).toEqual([]);
  });
});
