import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { expectEventually } from '@test/support';
import { GatewayFixture, startGateway } from '../../test/gateway-fixture';
import { sampleOrderRequest as sampleOrder } from '@app/contracts';
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from '../http/retry-after.filter';

describe('gateway while NATS is down', () => {
  let gateway: GatewayFixture;
  const post = (idempotencyKey: string) =>
    request(gateway.url).post('/orders').set('Idempotency-Key', idempotencyKey).send(sampleOrder());

  beforeAll(async () => {
    gateway = await startGateway();
  });
  afterAll(() => gateway?.dispose());

  it('answers 503 without a broker, and loses none of the orders it acknowledged before', async () => {
    const acknowledged = await Promise.all([1, 2, 3].map(() => post(randomUUID()).expect(202)));

    await gateway.nats.stop();
    const refusedKey = randomUUID();
    const refused = await post(refusedKey);
    expect(refused.status).toBe(503);
    expect(refused.body).toEqual({
      statusCode: 503,
      message:
        'Orders cannot be accepted right now (message broker unreachable); retry with the same Idempotency-Key',
    });
    expect(refused.headers['retry-after']).toBe(String(UNAVAILABLE_RETRY_AFTER_SECONDS));

    // Reads answer too, at once rather than after a query timeout: the view needs the order service.
    const view = await request(gateway.url).get(`/orders/${acknowledged[0].body.orderId}`);
    expect(view.status).toBe(503);
    expect(view.headers['retry-after']).toBe(String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    const stock = await request(gateway.url).get('/inventory/SKU-001');
    expect(stock.status).toBe(503);
    expect(stock.headers['retry-after']).toBe(String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    const readiness = await request(gateway.url).get('/health/ready');
    expect(readiness.status).toBe(503);
    expect(readiness.body).toMatchObject({ error: { jetstream: { status: 'down' } } });

    await gateway.nats.restart();
    await expectEventually(async () => {
      const starts = await gateway.startMessages();
      const stored = new Set(starts.map((message) => message.headers['saga-id']));
      for (const { body } of acknowledged) expect(stored).toContain(body.sagaId);
    });

    // The client's retry of the refused order, with its key, is accepted once the broker is back.
    let retried: request.Response | undefined;
    await expectEventually(async () => {
      retried = await post(refusedKey);
      expect(retried.status).toBe(202);
    });
    const starts = await gateway.startMessages();
    expect(starts.filter((message) => message.headers['saga-id'] === retried!.body.sagaId)).toHaveLength(1);
  });
});
