import { randomUUID } from 'node:crypto';
import request from 'supertest';
import {
  GetOrderQuery,
  GetPaymentQuery,
  GetReservationQuery,
  GetSagaByOrderQuery,
  GetShipmentQuery,
  StartOrderFulfillment,
  validatePayload,
} from '@app/contracts';
import { nanos } from 'nats';
import { IDEMPOTENCY_BUCKET, IDEMPOTENCY_TTL_MS } from '../idempotency/jetstream-idempotency.store';
import { GatewayFixture, startGateway } from '../../test/gateway-fixture';
import { sampleOrderRequest as sampleOrder } from '@app/contracts';
import { ACCEPTED_ORDERS_BUCKET, ACCEPTED_ORDERS_TTL_MS } from './jetstream-accepted-orders';

/** A request body a test may break in any way. */
interface EditableOrder {
  [field: string]: unknown;
  items: Array<Record<string, unknown>>;
  payment?: Record<string, unknown>;
  shippingAddress: Record<string, unknown>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('gateway orders over a real NATS server', () => {
  let gateway: GatewayFixture;
  const post = (body: unknown, idempotencyKey?: string) => {
    const call = request(gateway.url)
      .post('/orders')
      .send(body as object);
    return idempotencyKey === undefined ? call : call.set('Idempotency-Key', idempotencyKey);
  };
  const startsOf = async (sagaId: string) =>
    (await gateway.startMessages()).filter((message) => message.headers['saga-id'] === sagaId);

  beforeAll(async () => {
    gateway = await startGateway();
  });
  afterAll(() => gateway?.dispose());

  it('keeps idempotency keys for 24 h and accepted orders for 7 days, one value per key', async () => {
    const jsm = await gateway.nc.jetstreamManager();
    for (const [bucket, ttlMs] of [
      [IDEMPOTENCY_BUCKET, IDEMPOTENCY_TTL_MS],
      [ACCEPTED_ORDERS_BUCKET, ACCEPTED_ORDERS_TTL_MS],
    ] as const) {
      const { config } = await jsm.streams.info(`KV_${bucket}`);
      expect(config).toMatchObject({ max_age: nanos(ttlMs), max_msgs_per_subject: 1 });
    }
    expect(IDEMPOTENCY_TTL_MS).toBe(24 * 60 * 60 * 1_000);
  });

  describe('POST /orders', () => {
    it('answers 202 with Location, and leaves the start message in SAGA_STARTS with its headers', async () => {
      const order = sampleOrder();
      const response = await post(order).set('X-Correlation-Id', 'corr-order-1').expect(202);

      const { orderId, sagaId } = response.body;
      expect(response.body).toEqual({
        orderId: expect.stringMatching(UUID),
        sagaId: expect.stringMatching(UUID),
        status: 'PENDING',
      });
      expect(response.headers.location).toBe(`/orders/${orderId}`);

      const [start, ...others] = await startsOf(sagaId);
      expect(others).toHaveLength(0);
      expect(start.headers).toMatchObject({
        'Nats-Msg-Id': sagaId,
        'saga-id': sagaId,
        'correlation-id': 'corr-order-1',
        'message-type': StartOrderFulfillment.type,
        'message-version': String(StartOrderFulfillment.version),
        traceparent: expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/),
      });
      expect(start.payload).toEqual({ orderId, sagaId, order });
      expect(validatePayload(StartOrderFulfillment, start.payload)).toMatchObject({ ok: true });
    });

    it('replays the same key and body with the same ids, and stores only one start message', async () => {
      const key = `replay-${randomUUID()}`;
      const first = await post(sampleOrder(), key).expect(202);
      const { shippingAddress, payment, items, currency, customerId } = sampleOrder();
      const replay = await post({ shippingAddress, payment, items, currency, customerId }, key).expect(202);

      expect(replay.body).toEqual(first.body);
      expect(replay.headers.location).toBe(`/orders/${first.body.orderId}`);
      const starts = await startsOf(first.body.sagaId);
      expect(starts).toHaveLength(1);
      expect(starts[0].payload).toMatchObject({ idempotencyKey: key });
    });

    it('answers 409 when the key comes back with another body, and starts nothing for it', async () => {
      const key = `conflict-${randomUUID()}`;
      await post(sampleOrder(), key).expect(202);
      const before = (await gateway.startMessages()).length;

      const response = await post({ ...sampleOrder(), currency: 'EUR' }, key).expect(409);
      expect(response.body).toEqual({
        statusCode: 409,
        message: 'This Idempotency-Key was already used with a different request body',
      });
      expect(await gateway.startMessages()).toHaveLength(before);
    });

    it('gives concurrent requests with one key one saga', async () => {
      const key = `race-${randomUUID()}`;
      const responses = await Promise.all(Array.from({ length: 8 }, () => post(sampleOrder(), key)));

      expect(responses.map((response) => response.status)).toEqual(Array(8).fill(202));
      const sagaIds = new Set(responses.map((response) => response.body.sagaId));
      expect(sagaIds.size).toBe(1);
      expect(await startsOf([...sagaIds][0])).toHaveLength(1);
    });

    it('starts separate sagas for the same body without a key', async () => {
      const [first, second] = await Promise.all([
        post(sampleOrder()).expect(202),
        post(sampleOrder()).expect(202),
      ]);
      expect(first.body.sagaId).not.toBe(second.body.sagaId);
    });

    it.each([
      ['an empty key', ''],
      ['a 201-character key', 'k'.repeat(201)],
    ])('refuses %s with 400', async (_case, key) => {
      const response = await post(sampleOrder(), key).expect(400);
      expect(response.body).toEqual({
        statusCode: 400,
        message: ['Idempotency-Key header must be 1-200 characters long'],
      });
    });

    const invalid: Array<[string, (order: EditableOrder) => void, string]> = [
      [
        'customerId too long',
        (o) => (o.customerId = 'c'.repeat(65)),
        'customerId must be shorter than or equal to 64 characters',
      ],
      [
        'customerId empty',
        (o) => (o.customerId = ''),
        'customerId must be longer than or equal to 1 characters',
      ],
      [
        'bad currency',
        (o) => (o.currency = 'JPY'),
        'currency must be one of the following values: USD, EUR, GBP',
      ],
      ['no items', (o) => (o.items = []), 'items must contain at least 1 elements'],
      [
        '101 items',
        (o) =>
          (o.items = Array.from({ length: 101 }, (_, i) => ({
            sku: `SKU-${i}`,
            quantity: 1,
            unitPriceCents: 1,
          }))),
        'items must contain no more than 100 elements',
      ],
      [
        'duplicate sku',
        (o) => (o.items = [o.items[0], { ...o.items[0] }]),
        'items must not contain duplicate sku values',
      ],
      [
        'bad sku',
        (o) => (o.items[0].sku = 'sku_1'),
        'items.0.sku must match /^[A-Z0-9-]{1,32}$/ regular expression',
      ],
      ['quantity 0', (o) => (o.items[0].quantity = 0), 'items.0.quantity must not be less than 1'],
      [
        'quantity 1001',
        (o) => (o.items[1].quantity = 1001),
        'items.1.quantity must not be greater than 1000',
      ],
      [
        'fractional quantity',
        (o) => (o.items[0].quantity = 1.5),
        'items.0.quantity must be an integer number',
      ],
      [
        'negative price',
        (o) => (o.items[0].unitPriceCents = -1),
        'items.0.unitPriceCents must not be less than 0',
      ],
      [
        'price as a string',
        (o) => (o.items[0].unitPriceCents = '1299'),
        'items.0.unitPriceCents must be an integer number',
      ],
      [
        'bad payment method',
        (o) => (o.payment!.method = 'cash'),
        'payment.method must be one of the following values: card',
      ],
      [
        'empty token',
        (o) => (o.payment!.token = ''),
        'payment.token must be longer than or equal to 1 characters',
      ],
      [
        'missing address field',
        (o) => delete o.shippingAddress.city,
        'shippingAddress.city must be a string',
      ],
      [
        'empty address field',
        (o) => (o.shippingAddress.line1 = ''),
        'shippingAddress.line1 must be longer than or equal to 1 characters',
      ],
      [
        'bad country',
        (o) => (o.shippingAddress.country = 'USA'),
        'shippingAddress.country must be an ISO 3166-1 alpha-2 country code',
      ],
      [
        'lower-case country',
        (o) => (o.shippingAddress.country = 'us'),
        'shippingAddress.country must be uppercase',
      ],
      ['unknown top-level field', (o) => (o.coupon = 'FREE'), 'property coupon should not exist'],
      [
        'unknown nested field',
        (o) => (o.shippingAddress.floor = 3),
        'shippingAddress.property floor should not exist',
      ],
      ['unknown item field', (o) => (o.items[0].discount = 5), 'items.0.property discount should not exist'],
      ['missing payment', (o) => delete o.payment, 'payment must be an object'],
    ];

    it.each(invalid)(
      'refuses %s with 400 naming the field, and starts nothing',
      async (_case, breakIt, message) => {
        const order = sampleOrder() as unknown as EditableOrder;
        breakIt(order);
        const before = (await gateway.startMessages()).length;

        const response = await post(order).expect(400);
        expect(response.body.statusCode).toBe(400);
        expect(response.body.message).toContain(message);
        expect(Object.keys(response.body)).toEqual(['statusCode', 'message']);
        expect(await gateway.startMessages()).toHaveLength(before);
      },
    );

    it.each([
      ['a JSON array', '[]'],
      ['a JSON string', '"order"'],
    ])('refuses %s as the body with 400', async (_case, body) => {
      const response = await request(gateway.url)
        .post('/orders')
        .set('Content-Type', 'application/json')
        .send(body);
      expect(response.status).toBe(400);
      expect(response.body.statusCode).toBe(400);
    });

    it('refuses malformed JSON with 400 and a clear message, no stack trace', async () => {
      const response = await request(gateway.url)
        .post('/orders')
        .set('Content-Type', 'application/json')
        .send('{"customerId": "cust-42",')
        .expect(400);
      expect(response.body).toEqual({ statusCode: 400, message: 'Malformed JSON in request body' });
    });

    it('refuses a body over 100 kB with 413 as JSON', async () => {
      const order = { ...sampleOrder(), customerId: 'c'.repeat(101 * 1024) };
      const response = await post(order).expect(413);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.body).toEqual({ statusCode: 413, message: 'Request body exceeds the 100kb limit' });
    });

    it('refuses a body that is not JSON with 415', async () => {
      const response = await request(gateway.url)
        .post('/orders')
        .set('Content-Type', 'text/plain')
        .send(JSON.stringify(sampleOrder()))
        .expect(415);
      expect(response.body).toEqual({ statusCode: 415, message: 'Content-Type must be application/json' });
    });
  });

  describe('GET /orders/{orderId}', () => {
    it('refuses an id that is not a UUID with 400', async () => {
      const response = await request(gateway.url).get('/orders/not-a-uuid').expect(400);
      expect(response.body).toEqual({ statusCode: 400, message: 'Validation failed (uuid is expected)' });
    });

    describe('with every service answering', () => {
      const known = { orderId: randomUUID(), sagaId: randomUUID(), paymentId: randomUUID() };
      const responders: Array<{ stop(): Promise<void> }> = [];
      const forKnown =
        <R>(result: R) =>
        (payload: { orderId: string }) =>
          payload.orderId === known.orderId ? result : null;

      beforeAll(async () => {
        responders.push(
          ...(await Promise.all([
            gateway.respond(
              GetOrderQuery,
              forKnown({
                orderId: known.orderId,
                status: 'APPROVED' as const,
                customerId: 'cust-42',
                currency: 'USD' as const,
                items: [{ sku: 'SKU-001', quantity: 2, unitPriceCents: 1299 }],
                totalCents: 2598,
                createdAt: '2025-01-01T00:00:00.000Z',
                updatedAt: '2025-01-01T00:00:01.000Z',
              }),
            ),
            gateway.respond(
              GetSagaByOrderQuery,
              forKnown({ sagaId: known.sagaId, status: 'COMPLETED' as const, currentStep: null }),
            ),
            gateway.respond(GetReservationQuery, () => null),
            gateway.respond(GetShipmentQuery, () => null),
          ])),
        );
      });
      afterAll(() => Promise.all(responders.map((responder) => responder.stop())));

      it('composes the view; a part whose service is down is null and named in X-Partial', async () => {
        // No payment responder: the payment service is "down".
        const response = await request(gateway.url).get(`/orders/${known.orderId}`).expect(200);
        expect(response.body).toEqual({
          orderId: known.orderId,
          status: 'APPROVED',
          customerId: 'cust-42',
          currency: 'USD',
          items: [{ sku: 'SKU-001', quantity: 2, unitPriceCents: 1299 }],
          totalCents: 2598,
          saga: { sagaId: known.sagaId, status: 'COMPLETED', currentStep: null },
          reservation: null,
          payment: null,
          shipment: null,
          returns: [],
        });
        expect(response.headers['x-partial']).toBe('payment');

        const payment = await gateway.respond(
          GetPaymentQuery,
          forKnown({
            paymentId: known.paymentId,
            status: 'CAPTURED' as const,
            amountCents: 2598,
            currency: 'USD' as const,
          }),
        );
        responders.push(payment);
        const complete = await request(gateway.url).get(`/orders/${known.orderId}`).expect(200);
        expect(complete.body.payment).toEqual({
          paymentId: known.paymentId,
          status: 'CAPTURED',
          amountCents: 2598,
          currency: 'USD',
          refundedCents: 0,
        });
        expect(complete.headers['x-partial']).toBeUndefined();
      });

      it('answers 404 for an order nobody knows', async () => {
        const unknown = randomUUID();
        const response = await request(gateway.url).get(`/orders/${unknown}`).expect(404);
        expect(response.body).toEqual({ statusCode: 404, message: `Order ${unknown} not found` });
      });

      it('answers 200 PENDING for an accepted order whose saga has not created it yet', async () => {
        const order = sampleOrder();
        const { body } = await post(order).expect(202);
        const response = await request(gateway.url).get(`/orders/${body.orderId}`).expect(200);
        expect(response.body).toEqual({
          orderId: body.orderId,
          status: 'PENDING',
          customerId: order.customerId,
          currency: order.currency,
          items: order.items,
          totalCents: 2 * 1299 + 500,
          saga: null,
          reservation: null,
          payment: null,
          shipment: null,
          returns: [],
        });
      });
    });

    it('answers 503 when the order service does not answer', async () => {
      const response = await request(gateway.url).get(`/orders/${randomUUID()}`).expect(503);
      expect(response.body).toEqual({
        statusCode: 503,
        message: 'The order service is not answering; retry later',
      });
    });
  });
});
