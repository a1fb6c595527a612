import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { GatewayClient } from './gateway-client';
import { DEMO_SCENARIOS } from './demo-scenarios';

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

describe('GatewayClient', () => {
  let server: Server;
  let client: GatewayClient;
  let handle: Handler;
  const requests: { method?: string; url?: string; key?: string | string[]; body: string }[] = [];
  const order = DEMO_SCENARIOS[0].order;
  const ids = {
    orderId: '0c85fe1c-5cf1-4dd6-a648-09703ff688dd',
    sagaId: 'f429de4f-70b9-41c4-b0ad-92d759fa7416',
  };

  beforeEach(async () => {
    requests.length = 0;
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        requests.push({
          method: request.method,
          url: request.url,
          key: request.headers['idempotency-key'],
          body,
        });
        handle(request, body, response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new GatewayClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });

  afterEach(() => new Promise((resolve) => server.close(resolve)));

  const answer = (
    response: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  };

  it('places an order, asking again with the same Idempotency-Key while the gateway is unavailable', async () => {
    let calls = 0;
    handle = (_request, _body, response) =>
      ++calls < 3
        ? answer(response, 503, { message: 'broker down' })
        : answer(response, 202, { ...ids, status: 'PENDING' });

    const placed = await client.placeOrder(order, 'key-1', Date.now() + 10_000);

    expect(placed).toMatchObject(ids);
    expect(requests.map((request) => [request.method, request.url, request.key])).toEqual([
      ['POST', '/orders', 'key-1'],
      ['POST', '/orders', 'key-1'],
      ['POST', '/orders', 'key-1'],
    ]);
    expect(JSON.parse(requests[0].body)).toEqual(order);
  });

  it('gives up at once on a refusal, and at the deadline while the gateway stays unavailable', async () => {
    handle = (_request, _body, response) => answer(response, 400, { message: ['currency must be one of'] });
    await expect(client.placeOrder(order, 'key-2', Date.now() + 10_000)).rejects.toThrow(
      'POST /orders was refused: 400',
    );
    expect(requests).toHaveLength(1);

    handle = (_request, _body, response) => answer(response, 503, { message: 'broker down' });
    await expect(client.placeOrder(order, 'key-3', Date.now() + 300)).rejects.toThrow(
      'POST /orders did not succeed in time: 503',
    );
  });

  it('reads an order view, telling a partial one apart, and waits for a complete one', async () => {
    let calls = 0;
    handle = (_request, _body, response) =>
      ++calls === 1
        ? answer(response, 503, { message: 'order service down' })
        : calls === 2
          ? answer(response, 200, { orderId: ids.orderId, payment: null }, { 'X-Partial': 'payment' })
          : answer(response, 200, { orderId: ids.orderId, payment: { status: 'CAPTURED' } });

    expect(await client.getOrder(ids.orderId)).toBeUndefined();
    expect(await client.getOrder(ids.orderId)).toEqual({
      view: { orderId: ids.orderId, payment: null },
      partial: true,
    });
    calls = 0;
    expect(await client.completeView(ids.orderId, Date.now() + 10_000)).toEqual({
      orderId: ids.orderId,
      payment: { status: 'CAPTURED' },
    });
    expect(requests.at(-1)?.url).toBe(`/orders/${ids.orderId}`);
  });

  it('fails on an answer that no retry can mend', async () => {
    handle = (_request, _body, response) => answer(response, 404, { message: 'not found' });

    await expect(client.getOrder(ids.orderId)).rejects.toThrow(`GET /orders/${ids.orderId} answered 404`);
  });
});
