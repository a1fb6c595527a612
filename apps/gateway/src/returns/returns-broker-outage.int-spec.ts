import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { GetOrderQuery, type GetOrderResult } from '@app/contracts';
import { expectEventually } from '@test/support';
import { GatewayFixture, startGateway } from '../../test/gateway-fixture';
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from '../http/retry-after.filter';

const orderId = randomUUID();
const order: GetOrderResult = {
  orderId,
  status: 'APPROVED',
  customerId: 'cust-42',
  currency: 'USD',
  items: [{ sku: 'SKU-001', quantity: 3, unitPriceCents: 1299 }],
  totalCents: 3897,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:01.000Z',
};

describe('gateway returns while NATS is down', () => {
  let gateway: GatewayFixture;
  const post = (idempotencyKey: string) =>
    request(gateway.url)
      .post(`/orders/${orderId}/returns`)
      .set('Idempotency-Key', idempotencyKey)
      .send({ items: [{ sku: 'SKU-001', quantity: 1 }], reason: 'damaged' });

  beforeAll(async () => {
    gateway = await startGateway();
    await gateway.respond(GetOrderQuery, ({ orderId: asked }) => (asked === orderId ? order : null));
  });
  afterAll(() => gateway?.dispose());

  it('answers 503 with Retry-After without a broker, and loses none of the returns it acknowledged before', async () => {
    const acknowledged = await Promise.all([1, 2].map(() => post(randomUUID()).expect(202)));

    await gateway.nats.stop();
    const refusedKey = randomUUID();
    const refused = await post(refusedKey);
    expect(refused.status).toBe(503);
    expect(refused.body).toEqual({
      statusCode: 503,
      message:
        'Returns cannot be accepted right now (message broker unreachable); retry with the same Idempotency-Key',
    });
    expect(refused.headers['retry-after']).toBe(String(UNAVAILABLE_RETRY_AFTER_SECONDS));

    const view = await request(gateway.url).get(
      `/orders/${orderId}/returns/${acknowledged[0].body.returnId}`,
    );
    expect(view.status).toBe(503);
    expect(view.body).toEqual({
      statusCode: 503,
      message: 'The order service is not answering; retry later',
    });
    expect(view.headers['retry-after']).toBe(String(UNAVAILABLE_RETRY_AFTER_SECONDS));

    await gateway.nats.restart();
    await expectEventually(async () => {
      const stored = new Set((await gateway.startMessages()).map((message) => message.headers['saga-id']));
      for (const { body } of acknowledged) expect(stored).toContain(body.sagaId);
    });

    // The client's retry of the refused return, with its key, is accepted once the broker is back.
    let retried: request.Response | undefined;
    await expectEventually(async () => {
      retried = await post(refusedKey);
      expect(retried.status).toBe(202);
    });
    const starts = await gateway.startMessages();
    expect(starts.filter((message) => message.headers['saga-id'] === retried!.body.sagaId)).toHaveLength(1);
  });
});
