import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { DEMO_RETURN_SCENARIOS } from './demo-return-scenarios';
import { ReturnGatewayClient } from './return-gateway-client';

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

describe('ReturnGatewayClient', () => {
  let server: Server;
  let client: ReturnGatewayClient;
  let handle: Handler;
  const requests: { method?: string; url?: string; key?: string | string[]; body: string }[] = [];
  const body = DEMO_RETURN_SCENARIOS[0].return;
  const orderId = '0c85fe1c-5cf1-4dd6-a648-09703ff688dd';
  const ids = {
    returnId: '5b7d7b55-1f0e-4a8a-9a43-37c1b4f8a0f2',
    sagaId: 'f429de4f-70b9-41c4-b0ad-92d759fa7416',
  };
  const returnPath = `/orders/${orderId}/returns/${ids.returnId}`;
  const view = (status: string, saga: object | null) => ({
    ...ids,
    orderId,
    status,
    reason: body.reason,
    items: body.items,
    refundCents: 2_500,
    saga,
  });

  beforeEach(async () => {
    requests.length = 0;
    server = createServer((request, response) => {
      let received = '';
      request.on('data', (chunk) => (received += chunk));
      request.on('end', () => {
        requests.push({
          method: request.method,
          url: request.url,
          key: request.headers['idempotency-key'],
          body: received,
        });
        handle(request, received, response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new ReturnGatewayClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });

  afterEach(() => new Promise((resolve) => server.close(resolve)));

  const answer = (
    response: ServerResponse,
    status: number,
    payload: unknown,
    headers: Record<string, string> = {},
  ) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(payload));
  };

  it('requests a return, asking again with the same Idempotency-Key while the gateway is unavailable', async () => {
    let calls = 0;
    handle = (_request, _body, response) =>
      ++calls === 1
        ? answer(response, 503, { message: 'broker down' })
        : calls === 2
          ? answer(response, 429, { message: 'too many' })
          : answer(response, 202, { ...ids, status: 'PENDING' });

    const requested = await client.requestReturn(orderId, body, 'key-1', Date.now() + 10_000);

    expect(requested).toEqual(ids);
    expect(requests.map((request) => [request.method, request.url, request.key])).toEqual([
      ['POST', `/orders/${orderId}/returns`, 'key-1'],
      ['POST', `/orders/${orderId}/returns`, 'key-1'],
      ['POST', `/orders/${orderId}/returns`, 'key-1'],
    ]);
    expect(JSON.parse(requests[0].body)).toEqual(body);
  });

  it('gives up at once on a refusal, and at the deadline while the gateway stays unavailable', async () => {
    handle = (_request, _body, response) => answer(response, 404, { message: 'Order not found' });
    await expect(client.requestReturn(orderId, body, 'key-2', Date.now() + 10_000)).rejects.toThrow(
      `POST /orders/${orderId}/returns was refused: 404`,
    );
    expect(requests).toHaveLength(1);

    handle = (_request, _body, response) => answer(response, 503, { message: 'broker down' });
    await expect(client.requestReturn(orderId, body, 'key-3', Date.now() + 300)).rejects.toThrow(
      `POST /orders/${orderId}/returns did not succeed in time: 503`,
    );
  });

  it('reads a return: nothing while the gateway is unavailable or the saga part is missing', async () => {
    let calls = 0;
    const complete = view('PENDING', {
      sagaId: ids.sagaId,
      status: 'RUNNING',
      currentStep: 'refund-payment',
    });
    handle = (_request, _body, response) =>
      ++calls === 1
        ? answer(response, 503, { message: 'order service down' })
        : calls === 2
          ? answer(response, 200, view('PENDING', null), { 'X-Partial': 'saga' })
          : answer(response, 200, complete);

    expect(await client.getReturn(orderId, ids.returnId)).toBeUndefined();
    expect(await client.getReturn(orderId, ids.returnId)).toBeUndefined();
    expect(await client.getReturn(orderId, ids.returnId)).toEqual(complete);
    expect(requests.map((request) => request.url)).toEqual([returnPath, returnPath, returnPath]);
  });

  it('fails on an answer that no retry can mend', async () => {
    handle = (_request, _body, response) => answer(response, 404, { message: 'not found' });

    await expect(client.getReturn(orderId, ids.returnId)).rejects.toThrow(`GET ${returnPath} answered 404`);
  });

  it('waits until the saga has ended and answers the read after it', async () => {
    const running = view('PENDING', {
      sagaId: ids.sagaId,
      status: 'RUNNING',
      currentStep: 'complete-return',
    });
    const ended = { sagaId: ids.sagaId, status: 'COMPLETED', currentStep: 'complete-return' };
    const reads = [running, running, view('PENDING', ended), view('REFUNDED', ended)];
    handle = (_request, _body, response) => answer(response, 200, reads.shift());

    expect(await client.settledReturn(orderId, ids.returnId, Date.now() + 10_000)).toEqual(
      view('REFUNDED', ended),
    );
    expect(requests).toHaveLength(4);
  });

  it('answers nothing when the saga has not ended by the deadline', async () => {
    const running = view('PENDING', { sagaId: ids.sagaId, status: 'RUNNING', currentStep: 'refund-payment' });
    handle = (_request, _body, response) => answer(response, 200, running);

    expect(await client.settledReturn(orderId, ids.returnId, Date.now() + 300)).toBeUndefined();
    expect(requests.length).toBeGreaterThan(0);
  });
});
