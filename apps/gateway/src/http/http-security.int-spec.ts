import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { GetOrderQuery, sampleOrderRequest } from '@app/contracts';
import { expectEventually } from '@test/support';
import { GatewayFixture, startGateway } from '../../test/gateway-fixture';

const LIMIT = 3;
const WINDOW_MS = 2_000;

describe('gateway HTTP security', () => {
  let gateway: GatewayFixture;
  const post = (body: object = sampleOrderRequest()) => request(gateway.url).post('/orders').send(body);
  /** Places orders until one is the first of a new window, so a test starts with LIMIT - 1 left. */
  const startFreshWindow = () =>
    expectEventually(async () => {
      const response = await post();
      expect(response.status).toBe(202);
      expect(response.headers['x-ratelimit-remaining']).toBe(String(LIMIT - 1));
    });

  beforeAll(async () => {
    gateway = await startGateway({
      ORDER_RATE_LIMIT: String(LIMIT),
      ORDER_RATE_WINDOW_MS: String(WINDOW_MS),
    });
    await gateway.respond(GetOrderQuery, () => null);
  });
  afterAll(() => gateway?.dispose());

  describe('security headers', () => {
    it.each([
      ['an accepted order', () => post()],
      ['a validation error', () => post({ customerId: '' })],
      ['an unknown order', () => request(gateway.url).get(`/orders/${randomUUID()}`)],
      ['the liveness probe', () => request(gateway.url).get('/health/live')],
    ])('are set on %s', async (_case, call) => {
      const { headers } = await call();
      expect(headers).toMatchObject({
        'content-security-policy': expect.stringContaining("default-src 'self'"),
        'strict-transport-security': expect.stringMatching(/^max-age=\d+/),
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'referrer-policy': 'no-referrer',
        'cross-origin-opener-policy': 'same-origin',
      });
      expect(headers).not.toHaveProperty('x-powered-by');
    });
  });

  describe('POST /orders rate limit', () => {
    it('answers 429 with a JSON body and Retry-After past the limit, starts no saga for it, and lets the next window through', async () => {
      await startFreshWindow();
      for (let sent = 1; sent < LIMIT; sent++) await post().expect(202);
      const startsBefore = (await gateway.startMessages()).length;

      const refused = await post().expect(429);
      expect(refused.body).toEqual({
        statusCode: 429,
        message: `Too many orders: at most ${LIMIT} per ${WINDOW_MS} ms from one client`,
      });
      expect(refused.headers['content-type']).toMatch(/^application\/json/);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect((await gateway.startMessages()).length).toBe(startsBefore);

      // Reads and probes are not limited.
      await request(gateway.url).get(`/orders/${randomUUID()}`).expect(404);
      await request(gateway.url).get('/health/live').expect(200);

      await expectEventually(async () => {
        await post().expect(202);
      });
    });

    it('counts a replay under the same Idempotency-Key; a malformed or oversized body is refused before the limit', async () => {
      await startFreshWindow();
      const key = randomUUID();
      const order = sampleOrderRequest();
      const withKey = () => request(gateway.url).post('/orders').set('Idempotency-Key', key).send(order);
      const first = await withKey().expect(202);
      expect((await withKey().expect(202)).body).toEqual(first.body);
      await withKey().expect(429);
      expect(first.headers).toMatchObject({
        'x-ratelimit-limit': String(LIMIT),
        'x-ratelimit-remaining': '1',
      });

      await request(gateway.url)
        .post('/orders')
        .set('Content-Type', 'application/json')
        .send('{"customerId":')
        .expect(400);
      await request(gateway.url)
        .post('/orders')
        .send({ ...order, customerId: 'x'.repeat(200_000) })
        .expect(413);
    });
  });
});
