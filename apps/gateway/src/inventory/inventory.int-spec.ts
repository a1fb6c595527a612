import request from 'supertest';
import { GetStockQuery, SetStockPayload, SetStockQuery } from '@app/contracts';
import { GatewayFixture, startGateway } from '../../test/gateway-fixture';

describe('gateway inventory, docs and health over a real NATS server', () => {
  let gateway: GatewayFixture;
  const stock = new Map<string, { available: number; reserved: number }>([
    ['SKU-001', { available: 1_000_000, reserved: 2 }],
  ]);
  const setRequests: SetStockPayload[] = [];
  const bearer = () => `Bearer ${gateway.adminToken}`;

  beforeAll(async () => {
    gateway = await startGateway();
    // Plays the inventory service.
    await gateway.respond(GetStockQuery, ({ sku }) => {
      const level = stock.get(sku);
      return level ? { sku, ...level } : null;
    });
    await gateway.respond(SetStockQuery, (payload) => {
      setRequests.push(payload);
      const level = { available: payload.available, reserved: stock.get(payload.sku)?.reserved ?? 0 };
      stock.set(payload.sku, level);
      return { sku: payload.sku, ...level };
    });
  });
  afterAll(() => gateway?.dispose());

  describe('GET /inventory/{sku}', () => {
    it('answers the stock of a known sku', async () => {
      const response = await request(gateway.url).get('/inventory/SKU-001').expect(200);
      expect(response.body).toEqual({ sku: 'SKU-001', available: 1_000_000, reserved: 2 });
    });

    it('answers 404 for an unknown sku', async () => {
      const response = await request(gateway.url).get('/inventory/SKU-NOPE').expect(404);
      expect(response.body).toEqual({ statusCode: 404, message: 'SKU SKU-NOPE not found' });
    });

    it.each(['sku-001', 'SKU_001', 'X'.repeat(33)])('answers 400 for the bad sku %s', async (sku) => {
      const response = await request(gateway.url).get(`/inventory/${sku}`).expect(400);
      expect(response.body).toEqual({ statusCode: 400, message: ['sku must match ^[A-Z0-9-]{1,32}$'] });
    });
  });

  describe('PUT /inventory/{sku}', () => {
    const put = (sku: string, body: unknown, authorization?: string) => {
      const call = request(gateway.url)
        .put(`/inventory/${sku}`)
        .send(body as object);
      return authorization === undefined ? call : call.set('Authorization', authorization);
    };

    it('sets the stock with the admin token and answers the new level', async () => {
      const response = await put('SKU-NEW', { available: 5 }, bearer()).expect(200);
      expect(response.body).toEqual({ sku: 'SKU-NEW', available: 5, reserved: 0 });
      expect(setRequests).toContainEqual({ sku: 'SKU-NEW', available: 5 });
      await request(gateway.url)
        .get('/inventory/SKU-NEW')
        .expect(200, { sku: 'SKU-NEW', available: 5, reserved: 0 });
    });

    it.each([
      ['no Authorization header', undefined],
      ['a wrong token', 'Bearer wrong-token-of-some-length'],
      ['the token under another scheme', 'Basic TOKEN'],
    ])('answers 401 with %s, before looking at the body', async (_case, authorization) => {
      const before = setRequests.length;
      const response = await put('SKU-001', { available: -1 }, authorization).expect(401);
      expect(response.body).toEqual({ statusCode: 401, message: 'A valid admin bearer token is required' });
      expect(response.headers['www-authenticate']).toBe('Bearer');
      expect(setRequests).toHaveLength(before);
    });

    it.each([
      ['negative', { available: -1 }, 'available must not be less than 0'],
      ['over 1e9', { available: 1_000_000_001 }, 'available must not be greater than 1000000000'],
      ['fractional', { available: 1.5 }, 'available must be an integer number'],
      ['a string', { available: '5' }, 'available must be an integer number'],
      ['missing', {}, 'available must be an integer number'],
      ['with an unknown field', { available: 5, reserved: 3 }, 'property reserved should not exist'],
    ])('answers 400 for available %s', async (_case, body, message) => {
      const response = await put('SKU-001', body, bearer()).expect(400);
      expect(response.body.message).toContain(message);
    });

    it('gives a repeated PUT the same outcome', async () => {
      const first = await put('SKU-TWICE', { available: 7 }, bearer()).expect(200);
      const again = await put('SKU-TWICE', { available: 7 }, bearer()).expect(200);
      expect(again.body).toEqual(first.body);
    });

    it('answers 400 for malformed JSON and 413 for a body over 100 kB', async () => {
      const malformed = await request(gateway.url)
        .put('/inventory/SKU-001')
        .set('Authorization', bearer())
        .set('Content-Type', 'application/json')
        .send('{"available": ')
        .expect(400);
      expect(malformed.body).toEqual({ statusCode: 400, message: 'Malformed JSON in request body' });
      await put('SKU-001', { available: 1, padding: 'x'.repeat(101 * 1024) }, bearer()).expect(413);
    });

    it('answers 400 for a bad sku even with the token', async () => {
      await put('bad_sku', { available: 1 }, bearer()).expect(400);
    });
  });

  it('serves the OpenAPI document at /docs', async () => {
    const page = await request(gateway.url).get('/docs').expect(200);
    expect(page.text).toContain('swagger-ui');

    const { body: document } = await request(gateway.url).get('/docs-json').expect(200);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/orders', '/orders/{orderId}', '/inventory/{sku}']),
    );
    expect(document.paths['/orders'].post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/OrderRequest',
    });
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining([
        'OrderRequest',
        'OrderItem',
        'OrderAccepted',
        'OrderView',
        'SetStockRequest',
        'StockView',
      ]),
    );
  });

  it('answers /health/live, /health/ready and /metrics', async () => {
    await request(gateway.url).get('/health/live').expect(200);
    await request(gateway.url).get('/health/ready').expect(200);
    const metrics = await request(gateway.url).get('/metrics').expect(200);
    expect(metrics.text).toContain('process_cpu_seconds_total');
  });

  it('answers 404 as JSON for an unknown route', async () => {
    const response = await request(gateway.url).get('/nowhere').expect(404);
    expect(response.body).toEqual({ statusCode: 404, message: 'Cannot GET /nowhere' });
  });

  it('answers 503 when the inventory service does not answer', async () => {
    const alone = await startGateway();
    try {
      const response = await request(alone.url).get('/inventory/SKU-001').expect(503);
      expect(response.body).toEqual({
        statusCode: 503,
        message: 'The inventory service is not answering; retry later',
      });
      await request(alone.url)
        .put('/inventory/SKU-001')
        .set('Authorization', `Bearer ${alone.adminToken}`)
        .send({ available: 1 })
        .expect(503);
    } finally {
      await alone.dispose();
    }
  });
});
