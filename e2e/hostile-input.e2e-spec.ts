import { randomUUID } from 'node:crypto';
import { NatsConnection, connect, headers as natsHeaders } from 'nats';
import { SERVICE_NAMES } from '@app/config';
import {
  ContractRegistry,
  Headers,
  MAX_JSON_DEPTH,
  MessageContract,
  PLATFORM_CONTRACTS,
} from '@app/contracts';
import type { DeadLetterEntry } from '@app/messaging';
import { pollUntil } from '@test/support';
import { ORCHESTRATOR_SAGAS } from '../apps/orchestrator/src/orchestrator.bootstrap';
import { placeOrder, readOrder } from './support/gateway-client';
import { orderBody } from './support/order-body';
import { waitForSagaTerminal } from './support/order-progress';
import { RunningPlatform, startPlatform } from './support/platform';
import { approvedOrder } from './support/return-fixtures';

/** The junk of the issue: 8,000 levels of nesting, about 40 kB. */
const DEEP_OBJECT = `{"orderId":${'{"a":'.repeat(8_000)}1${'}'.repeat(8_000)}}`;
const DEEP_ARRAY = `{"items":${'['.repeat(8_000)}${']'.repeat(8_000)}}`;
const MALFORMED = '{"orderId":';
/** Over every consumer's and responder's body limit (at most 256 KiB), under NATS's 1 MiB. */
const OVERSIZED = JSON.stringify({ orderId: 'x'.repeat(600 * 1024) });
/** Over the HTTP body limit (100 kB). */
const OVERSIZED_HTTP = JSON.stringify({ reason: 'x'.repeat(200 * 1024) });
const TOO_DEEP = `nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`;

/** Every message the platform runs: its own and those of the saga modules the orchestrator is given. */
const CONTRACTS = new ContractRegistry([
  ...PLATFORM_CONTRACTS,
  ...ORCHESTRATOR_SAGAS.flatMap((module) => module.contracts),
]).all();
const byKind = (kind: MessageContract['kind']) => CONTRACTS.filter((contract) => contract.kind === kind);
const newest = (contracts: MessageContract[]) => [
  ...new Map(contracts.map((contract) => [contract.subject, contract])).values(),
];

interface Published {
  msgId: string;
  subject: string;
  /** What the dead letter's reason says. */
  reason: RegExp;
}

/**
 * Nested, oversized and malformed junk on every subject the platform consumes or answers, and on
 * every HTTP endpoint of the gateway and the admin API, with the default configuration. Every
 * piece ends as a 400/413, an error reply or a dead letter; afterwards every app is still live
 * and an order still completes.
 */
describe('hostile input', () => {
  let platform: RunningPlatform;
  let nc: NatsConnection;

  beforeAll(async () => {
    platform = await startPlatform();
    nc = await connect({ servers: platform.nats.url });
  });
  afterAll(async () => {
    await nc?.close();
    await platform?.shutdown();
  });

  const admin = { authorization: () => `Bearer ${platform.adminToken}` };

  async function deadLetters(): Promise<DeadLetterEntry[]> {
    const entries: DeadLetterEntry[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const query: string = `limit=500${cursor ? `&cursor=${cursor}` : ''}`;
      const response = await fetch(platform.url('orchestrator', `/admin/dead-letters?${query}`), {
        headers: { authorization: admin.authorization() },
      });
      expect(response.status).toBe(200);
      const page = (await response.json()) as { items: DeadLetterEntry[]; nextCursor: string | null };
      entries.push(...page.items);
      cursor = page.nextCursor;
    }
    return entries;
  }

  async function publish(
    subject: string,
    body: string,
    type?: string,
    msgId: string = randomUUID(),
  ): Promise<Published> {
    const headers = natsHeaders();
    if (type !== undefined) {
      headers.set(Headers.messageType, type);
      headers.set(Headers.messageVersion, '1');
    }
    headers.set(Headers.sagaId, randomUUID());
    headers.set(Headers.causationId, randomUUID());
    await nc.jetstream().publish(subject, body, { msgID: msgId, headers });
    return { msgId, subject, reason: /./ };
  }

  it('dead-letters nested, oversized, malformed, duplicate and out-of-order junk on every start, command and reply subject', async () => {
    const streamed = newest([...byKind('start'), ...byKind('command'), ...byKind('reply')]);
    expect(streamed.map((contract) => contract.subject.split('.')[1])).toEqual(
      expect.arrayContaining(['start', 'cmd', 'reply']),
    );
    // A saga module's messages as well as the platform's.
    expect(streamed.map((contract) => contract.subject)).toEqual(
      expect.arrayContaining([
        'saga.start.order-return',
        'saga.cmd.payment.refund',
        'saga.reply.payment.refund',
      ]),
    );
    const sent: Published[] = [];
    for (const contract of streamed) {
      const deep = await publish(contract.subject, DEEP_OBJECT, contract.type);
      sent.push({ ...deep, reason: new RegExp(TOO_DEEP) });
      // The same message again (a producer retrying): the stream keeps one, so one dead letter.
      await publish(contract.subject, DEEP_OBJECT, contract.type, deep.msgId);
      sent.push({
        ...(await publish(contract.subject, DEEP_ARRAY, contract.type)),
        reason: new RegExp(TOO_DEEP),
      });
      sent.push({ ...(await publish(contract.subject, MALFORMED, contract.type)), reason: /not valid JSON/ });
      sent.push({
        ...(await publish(contract.subject, OVERSIZED, contract.type)),
        reason: /exceeds the limit/,
      });
      sent.push({
        ...(await publish(contract.subject, DEEP_OBJECT)),
        reason: new RegExp(`no message-type header|${TOO_DEEP}`),
      });
    }
    // Subjects no contract has, within each consumer's filter.
    for (const subject of ['saga.start.bogus', 'saga.cmd.payment.bogus', 'saga.reply.bogus']) {
      sent.push({
        ...(await publish(subject, DEEP_OBJECT, 'bogus.type')),
        reason: /no handler for message type/,
      });
    }
    // Out of order: a well-formed reply to a command no saga sent.
    const reply = byKind('reply')[0];
    sent.push({
      ...(await publish(reply.subject, JSON.stringify({ outcome: 'SUCCESS' }), reply.type)),
      reason: /unknown saga/,
    });
    // Junk straight into the dead-letter stream: listed as unreadable, never replayable.
    await publish('saga.dlq.saga.cmd.payment.authorize', DEEP_OBJECT);

    const letters = await pollUntil(
      async () => {
        const all = await deadLetters();
        const ids = new Set(all.map((letter) => letter.headers[Headers.messageId]));
        return sent.every(({ msgId }) => ids.has(msgId)) ? all : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
      'a dead letter for every junk message',
    );
    for (const { msgId, subject, reason } of sent) {
      const mine = letters.filter((letter) => letter.headers[Headers.messageId] === msgId);
      expect({ msgId, subject, count: mine.length }).toEqual({ msgId, subject, count: 1 });
      expect(mine[0]).toMatchObject({ originalSubject: subject, replayable: true });
      expect({ subject, reason: mine[0].reason }).toEqual({ subject, reason: expect.stringMatching(reason) });
    }
    expect(
      letters.find(
        (letter) => letter.originalSubject === 'saga.cmd.payment.authorize' && letter.consumer === null,
      ),
    ).toMatchObject({ replayable: false, reason: expect.stringMatching(/^unreadable dead-letter record/) });
  });

  it('answers nested, oversized, malformed and repeated junk on every query subject with BAD_REQUEST', async () => {
    const queries = newest(byKind('query'));
    // Each participant's and the orchestrator's.
    expect(new Set(queries.map((query) => query.subject.split('.')[1]))).toEqual(
      new Set(['order', 'inventory', 'payment', 'shipping', 'orchestrator']),
    );
    expect(queries.map((query) => query.subject)).toEqual(
      expect.arrayContaining(['query.order.get-return', 'query.orchestrator.saga-by-business-key']),
    );
    for (const query of queries) {
      for (const body of [DEEP_OBJECT, DEEP_OBJECT, DEEP_ARRAY, MALFORMED, OVERSIZED]) {
        const response = await nc.request(query.subject, body, { timeout: 5_000 });
        expect({ subject: query.subject, reply: response.json<unknown>() }).toEqual({
          subject: query.subject,
          reply: { error: { code: 'BAD_REQUEST', message: expect.any(String) } },
        });
      }
    }
  });

  it('answers nested, oversized and malformed bodies on every gateway and admin endpoint with 400 or 413, starting no return', async () => {
    const sagaId = randomUUID();
    // An order that could be returned: junk about it is refused for what it is, not for an unknown order.
    const { orderId } = await approvedOrder(platform, { quantity: 1 });
    const endpoints: Array<{
      service: 'gateway' | 'orchestrator';
      method: string;
      path: string;
      admin: boolean;
    }> = [
      { service: 'gateway', method: 'POST', path: '/orders', admin: false },
      { service: 'gateway', method: 'POST', path: `/orders/${orderId}/returns`, admin: false },
      { service: 'gateway', method: 'PUT', path: '/inventory/SKU-HOSTILE', admin: true },
      { service: 'orchestrator', method: 'POST', path: `/admin/sagas/${sagaId}/retry`, admin: true },
      { service: 'orchestrator', method: 'POST', path: `/admin/sagas/${sagaId}/abort`, admin: true },
      { service: 'orchestrator', method: 'POST', path: '/admin/dead-letters/1/replay', admin: true },
      { service: 'orchestrator', method: 'DELETE', path: '/admin/dead-letters/1', admin: true },
    ];
    const cases = [
      { body: DEEP_OBJECT, status: 400, message: `Request body ${TOO_DEEP}` },
      { body: DEEP_ARRAY, status: 400, message: `Request body ${TOO_DEEP}` },
      { body: MALFORMED, status: 400, message: 'Malformed JSON in request body' },
      { body: OVERSIZED_HTTP, status: 413, message: 'Request body exceeds the 100kb limit' },
    ];
    for (const endpoint of endpoints) {
      for (const { body, status, message } of cases) {
        // Twice, the second time as a client retrying with the same Idempotency-Key.
        for (const idempotencyKey of [randomUUID(), 'hostile-retry-key']) {
          const response = await fetch(platform.url(endpoint.service, endpoint.path), {
            method: endpoint.method,
            headers: {
              'content-type': 'application/json',
              'idempotency-key': idempotencyKey,
              ...(endpoint.admin ? { authorization: admin.authorization() } : {}),
            },
            body,
          });
          expect({
            ...endpoint,
            sent: body.slice(0, 12),
            status: response.status,
            body: await response.json(),
          }).toEqual({
            ...endpoint,
            sent: body.slice(0, 12),
            status,
            body: { statusCode: status, message },
          });
        }
      }
    }

    // Reads take no body: nested query strings and junk path parameters are refused or ignored, never a 5xx.
    const deepQuery = `${'[a]'.repeat(500)}=1`;
    const reads: Array<{ service: 'gateway' | 'orchestrator'; path: string }> = [
      { service: 'gateway', path: `/orders/${'x'.repeat(5_000)}` },
      { service: 'gateway', path: `/orders/${randomUUID()}?q${deepQuery}` },
      { service: 'gateway', path: `/inventory/${encodeURIComponent('{"a":'.repeat(500))}` },
      { service: 'orchestrator', path: `/admin/sagas?status${deepQuery}` },
      { service: 'orchestrator', path: `/admin/sagas/${encodeURIComponent('[[[[')}` },
      { service: 'orchestrator', path: `/admin/dead-letters?sagaId${deepQuery}` },
      { service: 'orchestrator', path: `/admin/stats?x${deepQuery}` },
      { service: 'orchestrator', path: `/admin/definitions?x${deepQuery}` },
      { service: 'gateway', path: `/orders/${'x'.repeat(40_000)}` },
      { service: 'gateway', path: `/orders/${orderId}/returns/${'x'.repeat(5_000)}` },
      { service: 'gateway', path: `/orders/${orderId}/returns/${randomUUID()}?q${deepQuery}` },
      {
        service: 'gateway',
        path: `/orders/${encodeURIComponent('{"a":'.repeat(500))}/returns/${randomUUID()}`,
      },
      { service: 'gateway', path: `/orders/${orderId}/returns/${encodeURIComponent('[[[[')}` },
    ];
    for (const { service, path } of reads) {
      const response = await fetch(platform.url(service, path), {
        headers: { authorization: admin.authorization() },
      });
      const refused = response.status < 500;
      expect({ service, path: path.slice(0, 40), status: response.status, refused }).toEqual({
        service,
        path: path.slice(0, 40),
        status: response.status,
        refused: true,
      });
    }

    // None of the junk started a return: the order shows none and the orchestrator ran no order-return saga.
    const order = await readOrder(platform, orderId);
    expect({ httpStatus: order.httpStatus, returns: order.view?.returns }).toEqual({
      httpStatus: 200,
      returns: [],
    });
    const sagas = await fetch(platform.url('orchestrator', '/admin/sagas?type=order-return'), {
      headers: { authorization: admin.authorization() },
    });
    expect(sagas.status).toBe(200);
    expect(((await sagas.json()) as { items: unknown[] }).items).toEqual([]);
  });

  it('leaves every app live and still completes a tok_visa order', async () => {
    for (const service of SERVICE_NAMES) {
      const live = await fetch(platform.url(service, '/health/live'));
      expect({ service, status: live.status }).toEqual({ service, status: 200 });
      expect(platform.logs(service)).not.toMatch(/uncaught exception|unhandled promise rejection/);
      const metrics = await (await fetch(platform.url(service, '/metrics'))).text();
      expect({
        service,
        unhandled: metrics.match(/^process_unhandled_failures_total\{.*\} [1-9].*$/m),
      }).toEqual({
        service,
        unhandled: null,
      });
    }
    const { orderId } = await placeOrder(platform, orderBody());
    const view = await waitForSagaTerminal(platform, orderId);
    expect(view.saga?.status).toBe('COMPLETED');
    expect(view.status).toBe('APPROVED');
  });
});
