import { randomUUID } from 'node:crypto';
import request from 'supertest';
import {
  GetOrderQuery,
  type GetOrderResult,
  GetPaymentQuery,
  GetReservationQuery,
  GetSagaByBusinessKeyQuery,
  GetSagaByOrderQuery,
  GetShipmentQuery,
  MAX_JSON_DEPTH,
  sampleOrderRequest,
  validatePayload,
} from '@app/contracts';
import { GetReturnQuery, type GetReturnResult, StartOrderReturn } from '@app/order-return';
import { nanos } from 'nats';
import { expectEventually } from '@test/support';
import { GatewayFixture, startGateway } from '../../test/gateway-fixture';
import { ACCEPTED_RETURNS_BUCKET, ACCEPTED_RETURNS_TTL_MS } from './jetstream-accepted-returns';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A request body a test may break in any way. */
interface EditableReturn {
  [field: string]: unknown;
  items: Array<Record<string, unknown>>;
}

const sampleReturn = (): EditableReturn => ({
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

describe('gateway returns over a real NATS server', () => {
  let gateway: GatewayFixture;
  /** Orders the order service knows; a sick one makes its responder fail (an error reply). */
  const knownOrders = new Set<string>();
  const sickOrders = new Set<string>();
  /** Returns the order service has recorded, by return id. */
  const recordedReturns = new Map<string, GetReturnResult>();
  const sagas = new Map<
    string,
    { sagaId: string; status: 'RUNNING' | 'COMPLETED'; currentStep: string | null }
  >();
  let sagaServiceDown = false;

  const knownOrder = () => {
    const orderId = randomUUID();
    knownOrders.add(orderId);
    return orderId;
  };
  const post = (orderId: string, body: unknown, idempotencyKey?: string) => {
    const call = request(gateway.url)
      .post(`/orders/${orderId}/returns`)
      .send(body as object);
    return idempotencyKey === undefined ? call : call.set('Idempotency-Key', idempotencyKey);
  };
  const startsOf = async (sagaId: string) =>
    (await gateway.startMessages()).filter((message) => message.headers['saga-id'] === sagaId);
  const returnsOf = (orderId: string) => [...recordedReturns.values()].filter((r) => r.orderId === orderId);

  beforeAll(async () => {
    gateway = await startGateway();
    await Promise.all([
      gateway.respond(GetOrderQuery, ({ orderId }) => {
        if (sickOrders.has(orderId)) throw new Error('the order database is down');
        if (!knownOrders.has(orderId)) return null;
        const returns = returnsOf(orderId).map(({ returnId, status, refundCents }) => ({
          returnId,
          status,
          refundCents,
        }));
        return { ...orderOf(orderId), returns };
      }),
      gateway.respond(GetPaymentQuery, ({ orderId }) => ({
        paymentId: randomUUID(),
        status: 'CAPTURED' as const,
        amountCents: orderOf(orderId).totalCents,
        currency: 'USD' as const,
        refundedCents: returnsOf(orderId)
          .filter((r) => r.status === 'REFUNDED')
          .reduce((total, r) => total + r.refundCents, 0),
      })),
      gateway.respond(GetSagaByOrderQuery, () => null),
      gateway.respond(GetReservationQuery, () => null),
      gateway.respond(GetShipmentQuery, () => null),
      gateway.respond(GetReturnQuery, ({ orderId, returnId }) => {
        const recorded = recordedReturns.get(returnId);
        return recorded?.orderId === orderId ? recorded : null;
      }),
      gateway.respond(GetSagaByBusinessKeyQuery, ({ type, businessKey }) => {
        if (sagaServiceDown) throw new Error('the saga store is down');
        return type === 'order-return' ? (sagas.get(businessKey) ?? null) : null;
      }),
    ]);
  });
  afterAll(() => gateway?.dispose());

  it('keeps accepted returns for 7 days, one value per key', async () => {
    const jsm = await gateway.nc.jetstreamManager();
    const { config } = await jsm.streams.info(`KV_${ACCEPTED_RETURNS_BUCKET}`);
    expect(config).toMatchObject({ max_age: nanos(ACCEPTED_RETURNS_TTL_MS), max_msgs_per_subject: 1 });
    expect(ACCEPTED_RETURNS_TTL_MS).toBe(7 * 24 * 60 * 60 * 1_000);
  });

  describe('POST /orders/{orderId}/returns', () => {
    it('answers 202 with Location, and leaves the start message in SAGA_STARTS with its headers', async () => {
      const orderId = knownOrder();
      const body = sampleReturn();
      const response = await post(orderId, body).set('X-Correlation-Id', 'corr-return-1').expect(202);

      const { returnId, sagaId } = response.body;
      expect(response.body).toEqual({
        returnId: expect.stringMatching(UUID),
        sagaId: expect.stringMatching(UUID),
        status: 'PENDING',
      });
      expect(returnId).not.toBe(sagaId);
      expect(response.headers.location).toBe(`/orders/${orderId}/returns/${returnId}`);

      const [start, ...others] = await startsOf(sagaId);
      expect(others).toHaveLength(0);
      expect(start.headers).toMatchObject({
        'Nats-Msg-Id': sagaId,
        'saga-id': sagaId,
        'correlation-id': 'corr-return-1',
        'message-type': 'saga.start.order-return',
        'message-version': String(StartOrderReturn.version),
      });
      expect(start.payload).toEqual({ sagaId, returnId, orderId, ...body });
      expect(validatePayload(StartOrderReturn, start.payload)).toMatchObject({ ok: true });
    });

    it('shows the return PENDING right after the 202, before the order service records it', async () => {
      const orderId = knownOrder();
      const { body } = await post(orderId, sampleReturn()).expect(202);
      const response = await request(gateway.url)
        .get(`/orders/${orderId}/returns/${body.returnId}`)
        .expect(200);
      expect(response.body).toEqual({
        returnId: body.returnId,
        orderId,
        status: 'PENDING',
        reason: 'damaged',
        items: sampleReturn().items,
        refundCents: null,
        saga: null,
      });
    });

    describe('Idempotency-Key', () => {
      it('replays the same key and body with the same ids, and stores only one start message', async () => {
        const orderId = knownOrder();
        const key = `replay-${randomUUID()}`;
        const first = await post(orderId, sampleReturn(), key).expect(202);
        const { reason, items } = sampleReturn();
        const replay = await post(orderId, { reason, items }, key).expect(202);

        expect(replay.body).toEqual(first.body);
        expect(replay.headers.location).toBe(`/orders/${orderId}/returns/${first.body.returnId}`);
        const starts = await startsOf(first.body.sagaId);
        expect(starts).toHaveLength(1);
        expect(starts[0].payload).toMatchObject({ idempotencyKey: key });
      });

      it('answers 409 when the key comes back with another body, and starts nothing for it', async () => {
        const orderId = knownOrder();
        const key = `conflict-${randomUUID()}`;
        await post(orderId, sampleReturn(), key).expect(202);
        const before = (await gateway.startMessages()).length;

        const response = await post(orderId, { ...sampleReturn(), reason: 'wrong size' }, key).expect(409);
        expect(response.body).toEqual({
          statusCode: 409,
          message: 'This Idempotency-Key was already used with a different request body',
        });
        expect(await gateway.startMessages()).toHaveLength(before);
      });

      it('gives concurrent requests with one key one saga', async () => {
        const orderId = knownOrder();
        const key = `race-${randomUUID()}`;
        const responses = await Promise.all(
          Array.from({ length: 8 }, () => post(orderId, sampleReturn(), key)),
        );

        expect(responses.map((response) => response.status)).toEqual(Array(8).fill(202));
        const sagaIds = new Set(responses.map((response) => response.body.sagaId));
        expect(sagaIds.size).toBe(1);
        expect(await startsOf([...sagaIds][0])).toHaveLength(1);
      });

      it('keeps a key used for POST /orders, and for the returns of another order, apart', async () => {
        const key = `shared-${randomUUID()}`;
        const [firstOrder, secondOrder] = [knownOrder(), knownOrder()];
        const order = await request(gateway.url)
          .post('/orders')
          .set('Idempotency-Key', key)
          .send(sampleOrderRequest())
          .expect(202);
        const first = await post(firstOrder, sampleReturn(), key).expect(202);
        const second = await post(secondOrder, sampleReturn(), key).expect(202);

        expect(new Set([order.body.sagaId, first.body.sagaId, second.body.sagaId]).size).toBe(3);
        expect((await startsOf(first.body.sagaId))[0].payload).toMatchObject({ orderId: firstOrder });
        expect((await startsOf(second.body.sagaId))[0].payload).toMatchObject({ orderId: secondOrder });
        // Each scope still remembers its own request.
        expect((await post(firstOrder, sampleReturn(), key).expect(202)).body).toEqual(first.body);
        const orderReplay = await request(gateway.url)
          .post('/orders')
          .set('Idempotency-Key', key)
          .send(sampleOrderRequest())
          .expect(202);
        expect(orderReplay.body).toEqual(order.body);
      });

      it('starts separate sagas for the same body without a key', async () => {
        const orderId = knownOrder();
        const [first, second] = await Promise.all([
          post(orderId, sampleReturn()).expect(202),
          post(orderId, sampleReturn()).expect(202),
        ]);
        expect(first.body.sagaId).not.toBe(second.body.sagaId);
        expect(first.body.returnId).not.toBe(second.body.returnId);
      });

      it.each([
        ['an empty key', ''],
        ['a 201-character key', 'k'.repeat(201)],
      ])('refuses %s with 400', async (_case, key) => {
        const response = await post(knownOrder(), sampleReturn(), key).expect(400);
        expect(response.body).toEqual({
          statusCode: 400,
          message: ['Idempotency-Key header must be 1-200 characters long'],
        });
      });
    });

    describe('the order', () => {
      it('answers 404 for an order nobody knows, and starts nothing', async () => {
        const unknown = randomUUID();
        const before = (await gateway.startMessages()).length;
        const response = await post(unknown, sampleReturn(), `unknown-${randomUUID()}`).expect(404);
        expect(response.body).toEqual({ statusCode: 404, message: `Order ${unknown} not found` });
        expect(await gateway.startMessages()).toHaveLength(before);
      });

      it('accepts a return of an order the gateway accepted and the saga has not created yet', async () => {
        const { body: order } = await request(gateway.url)
          .post('/orders')
          .send(sampleOrderRequest())
          .expect(202);
        const { body } = await post(order.orderId, sampleReturn()).expect(202);
        expect((await startsOf(body.sagaId))[0].payload).toMatchObject({ orderId: order.orderId });
      });

      it('answers 503 with Retry-After when the order service cannot answer, and starts nothing', async () => {
        const orderId = randomUUID();
        sickOrders.add(orderId);
        const before = (await gateway.startMessages()).length;
        const response = await post(orderId, sampleReturn()).expect(503);
        expect(response.body).toEqual({
          statusCode: 503,
          message: 'The order service is not answering; retry later',
        });
        expect(response.headers['retry-after']).toBe('5');
        expect(await gateway.startMessages()).toHaveLength(before);
      });

      it.each([
        ['not a UUID', 'not-a-uuid'],
        ['a UUID with a trailing character', `${randomUUID()}x`],
      ])('answers 400 when the order id is %s', async (_case, orderId) => {
        const response = await post(orderId, sampleReturn()).expect(400);
        expect(response.body).toEqual({ statusCode: 400, message: 'Validation failed (uuid is expected)' });
      });
    });

    const invalid: Array<[string, (body: EditableReturn) => void, string]> = [
      ['no items', (b) => (b.items = []), 'items must contain at least 1 elements'],
      [
        '101 items',
        (b) => (b.items = Array.from({ length: 101 }, (_, i) => ({ sku: `SKU-${i}`, quantity: 1 }))),
        'items must contain no more than 100 elements',
      ],
      [
        'duplicate sku',
        (b) => (b.items = [b.items[0], { ...b.items[0] }]),
        'items must not contain duplicate sku values',
      ],
      [
        'bad sku',
        (b) => (b.items[0].sku = 'sku_1'),
        'items.0.sku must match /^[A-Z0-9-]{1,32}$/ regular expression',
      ],
      ['quantity 0', (b) => (b.items[0].quantity = 0), 'items.0.quantity must not be less than 1'],
      [
        'quantity 1001',
        (b) => (b.items[1].quantity = 1001),
        'items.1.quantity must not be greater than 1000',
      ],
      [
        'fractional quantity',
        (b) => (b.items[0].quantity = 1.5),
        'items.0.quantity must be an integer number',
      ],
      ['empty reason', (b) => (b.reason = ''), 'reason must be longer than or equal to 1 characters'],
      [
        '201-char reason',
        (b) => (b.reason = 'r'.repeat(201)),
        'reason must be shorter than or equal to 200 characters',
      ],
      ['missing reason', (b) => delete b.reason, 'reason must be a string'],
      ['unknown top-level field', (b) => (b.refundTo = 'IBAN'), 'property refundTo should not exist'],
      [
        'unknown item field',
        (b) => (b.items[0].unitPriceCents = 1),
        'items.0.property unitPriceCents should not exist',
      ],
      ['items as a string', (b) => (b.items = 'SKU-001' as never), 'items must be an array'],
    ];

    it.each(invalid)(
      'refuses %s with 400 naming the field, and starts nothing',
      async (_case, breakIt, message) => {
        const body = sampleReturn();
        breakIt(body);
        const before = (await gateway.startMessages()).length;

        const response = await post(knownOrder(), body).expect(400);
        expect(response.body.message).toContain(message);
        expect(Object.keys(response.body)).toEqual(['statusCode', 'message']);
        expect(await gateway.startMessages()).toHaveLength(before);
      },
    );

    it.each([
      ['a JSON array', '[]'],
      ['a JSON string', '"return"'],
      ['malformed JSON', '{"items": ['],
    ])('refuses %s as the body with 400', async (_case, body) => {
      const response = await request(gateway.url)
        .post(`/orders/${knownOrder()}/returns`)
        .set('Content-Type', 'application/json')
        .send(body);
      expect(response.status).toBe(400);
      expect(response.body.statusCode).toBe(400);
    });

    it('refuses a body nested deeper than the JSON depth limit with 400 before validating it', async () => {
      let deep: unknown = { sku: 'SKU-001', quantity: 1 };
      for (let level = 0; level < MAX_JSON_DEPTH + 1; level++) deep = [deep];
      const response = await post(knownOrder(), { items: deep, reason: 'deep' }).expect(400);
      expect(response.body).toEqual({
        statusCode: 400,
        message: `Request body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`,
      });
    });

    it('refuses a body over 100 kB with 413 as JSON, and starts nothing', async () => {
      const before = (await gateway.startMessages()).length;
      const response = await post(knownOrder(), { ...sampleReturn(), reason: 'r'.repeat(101 * 1024) }).expect(
        413,
      );
      expect(response.body).toEqual({ statusCode: 413, message: 'Request body exceeds the 100kb limit' });
      expect(await gateway.startMessages()).toHaveLength(before);
    });

    it('refuses a body that is not JSON with 415', async () => {
      const response = await request(gateway.url)
        .post(`/orders/${knownOrder()}/returns`)
        .set('Content-Type', 'text/plain')
        .send(JSON.stringify(sampleReturn()))
        .expect(415);
      expect(response.body).toEqual({ statusCode: 415, message: 'Content-Type must be application/json' });
    });
  });

  describe('GET /orders/{orderId}/returns/{returnId}', () => {
    it.each([
      ['the order id', () => `/orders/not-a-uuid/returns/${randomUUID()}`],
      ['the return id', () => `/orders/${randomUUID()}/returns/not-a-uuid`],
    ])('refuses %s when it is not a UUID with 400', async (_case, path) => {
      const response = await request(gateway.url).get(path()).expect(400);
      expect(response.body).toEqual({ statusCode: 400, message: 'Validation failed (uuid is expected)' });
    });

    it('answers 404 for a return nobody knows', async () => {
      const [orderId, returnId] = [knownOrder(), randomUUID()];
      const response = await request(gateway.url).get(`/orders/${orderId}/returns/${returnId}`).expect(404);
      expect(response.body).toEqual({
        statusCode: 404,
        message: `Return ${returnId} of order ${orderId} not found`,
      });
    });

    it('answers 404 for an accepted return asked under another order', async () => {
      const { body } = await post(knownOrder(), sampleReturn()).expect(202);
      await request(gateway.url).get(`/orders/${knownOrder()}/returns/${body.returnId}`).expect(404);
    });

    it('composes the recorded return with its order-return saga; the saga is null and named in X-Partial when the orchestrator fails', async () => {
      const orderId = knownOrder();
      const { body } = await post(orderId, sampleReturn()).expect(202);
      recordedReturns.set(body.returnId, {
        returnId: body.returnId,
        orderId,
        status: 'REFUNDED',
        reason: 'damaged',
        items: [
          { sku: 'SKU-001', quantity: 1 },
          { sku: 'SKU-002', quantity: 2 },
        ],
        refundCents: 2299,
        createdAt: '2025-01-01T00:00:00.000Z',
        updatedAt: '2025-01-01T00:00:03.000Z',
      });
      sagas.set(body.returnId, { sagaId: body.sagaId, status: 'COMPLETED', currentStep: null });

      const response = await request(gateway.url)
        .get(`/orders/${orderId}/returns/${body.returnId}`)
        .expect(200);
      expect(response.body).toEqual({
        returnId: body.returnId,
        orderId,
        status: 'REFUNDED',
        reason: 'damaged',
        items: sampleReturn().items,
        refundCents: 2299,
        saga: { sagaId: body.sagaId, status: 'COMPLETED', currentStep: null },
      });
      expect(response.headers['x-partial']).toBeUndefined();

      sagaServiceDown = true;
      try {
        const partial = await request(gateway.url)
          .get(`/orders/${orderId}/returns/${body.returnId}`)
          .expect(200);
        expect(partial.body).toMatchObject({ status: 'REFUNDED', saga: null });
        expect(partial.headers['x-partial']).toBe('saga');
      } finally {
        sagaServiceDown = false;
      }
    });
  });

  describe('GET /orders/{orderId}', () => {
    it('lists no returns and nothing refunded for an order without returns', async () => {
      const response = await request(gateway.url).get(`/orders/${knownOrder()}`).expect(200);
      expect(response.body.returns).toEqual([]);
      expect(response.body.payment).toMatchObject({ status: 'CAPTURED', refundedCents: 0 });
      expect(response.headers['x-partial']).toBeUndefined();
    });

    it("lists the returns the order service recorded and the payment's refunds; the saga stays the order's", async () => {
      const orderId = knownOrder();
      const [refunded, rejected] = [randomUUID(), randomUUID()];
      const recorded = (returnId: string, status: 'REFUNDED' | 'REJECTED', refundCents: number) =>
        recordedReturns.set(returnId, {
          returnId,
          orderId,
          status,
          reason: 'damaged',
          items: [{ sku: 'SKU-001', quantity: 1 }],
          refundCents,
          createdAt: '2025-01-01T00:00:00.000Z',
          updatedAt: '2025-01-01T00:00:01.000Z',
        });
      recorded(refunded, 'REFUNDED', 1299);
      recorded(rejected, 'REJECTED', 0);
      sagas.set(refunded, { sagaId: randomUUID(), status: 'COMPLETED', currentStep: null });

      const response = await request(gateway.url).get(`/orders/${orderId}`).expect(200);
      expect(response.body.returns).toEqual([
        { returnId: refunded, status: 'REFUNDED', refundCents: 1299 },
        { returnId: rejected, status: 'REJECTED', refundCents: 0 },
      ]);
      expect(response.body.payment).toMatchObject({ amountCents: 3598, refundedCents: 1299 });
      // No order-fulfillment saga answered for this order; a return's saga is never shown in its place.
      expect(response.body.saga).toBeNull();
    });
  });

  it('lists the return routes and their schemas in the OpenAPI document', async () => {
    const { body: document } = await request(gateway.url).get('/docs-json').expect(200);
    const returns = document.paths['/orders/{orderId}/returns'];
    const oneReturn = document.paths['/orders/{orderId}/returns/{returnId}'];
    expect(returns.post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/ReturnRequest',
    });
    expect(Object.keys(returns.post.responses)).toEqual(
      expect.arrayContaining(['202', '400', '404', '409', '413', '415', '429', '503']),
    );
    expect(returns.post.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'orderId', in: 'path' }),
        expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false }),
      ]),
    );
    expect(Object.keys(oneReturn.get.responses)).toEqual(
      expect.arrayContaining(['200', '400', '404', '503']),
    );
    const schemas = document.components.schemas;
    expect(schemas.ReturnRequest).toMatchObject({
      required: ['items', 'reason'],
      properties: {
        items: {
          type: 'array',
          minItems: 1,
          maxItems: 100,
          items: { $ref: '#/components/schemas/SkuQuantity' },
        },
        reason: { type: 'string', minLength: 1, maxLength: 200 },
      },
    });
    expect(schemas.ReturnView.properties).toMatchObject({
      status: { enum: ['PENDING', 'REFUNDED', 'REJECTED'] },
      saga: { nullable: true },
    });
    expect(schemas.OrderView.properties.returns).toMatchObject({
      type: 'array',
      items: { $ref: '#/components/schemas/OrderReturnView' },
    });
    expect(schemas.PaymentView.properties.refundedCents).toMatchObject({ type: 'integer' });
  });
});

describe('POST /orders/{orderId}/returns rate limit', () => {
  const LIMIT = 2;
  let gateway: GatewayFixture;
  const orderId = randomUUID();
  const post = () => request(gateway.url).post(`/orders/${orderId}/returns`).send(sampleReturn());

  beforeAll(async () => {
    gateway = await startGateway({ ORDER_RATE_LIMIT: String(LIMIT), ORDER_RATE_WINDOW_MS: '60000' });
    await gateway.respond(GetOrderQuery, ({ orderId: asked }) =>
      asked === orderId ? orderOf(orderId) : null,
    );
  });
  afterAll(() => gateway?.dispose());

  it('answers 429 with Retry-After past ORDER_RATE_LIMIT, starting no saga, and counts apart from POST /orders', async () => {
    for (let sent = 0; sent < LIMIT; sent++) await post().expect(202);
    const before = (await gateway.startMessages()).length;

    const refused = await post().expect(429);
    expect(refused.body).toEqual({
      statusCode: 429,
      message: `Too many orders: at most ${LIMIT} per 60000 ms from one client`,
    });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(await gateway.startMessages()).toHaveLength(before);

    await request(gateway.url).post('/orders').send(sampleOrderRequest()).expect(202);
    await expectEventually(async () => {
      expect((await gateway.startMessages()).length).toBe(before + 1);
    });
  });
});
