import { randomUUID } from 'node:crypto';
import type { StubAnswer, StubCommand } from '@test/support';
import { pollUntil } from '@test/support';
import { AdminApp, type SagaBody, startAdminApp } from '../../test/admin-app';
import { ORCHESTRATOR_SAGAS } from '../orchestrator.bootstrap';
import { encodeSagaCursor } from './sagas/saga-cursor';

/** Step timeouts long enough that a silent participant keeps its saga waiting; retries fast. */
const SETTINGS = {
  tuning: { stepTimeoutMs: 60_000, retryInitialBackoffMs: 5, retryMaxBackoffMs: 20 },
  replyConcurrency: 4,
  deadlinePollMs: 50,
};

const ok: StubAnswer = { outcome: 'SUCCESS' };
const declined: StubAnswer = { outcome: 'BUSINESS_FAILURE', error: { code: 'DECLINED', message: 'no' } };

interface ListBody {
  items: Array<{
    sagaId: string;
    type: string;
    status: string;
    currentStep: string;
    createdAt: string;
    updatedAt: string;
  }>;
  nextCursor: string | null;
}

describe('orchestrator admin API: sagas, stats, definitions', () => {
  let admin: AdminApp;
  const auth = () => `Bearer ${admin.token}`;
  const get = (path: string) => admin.http().get(path).set('Authorization', auth());
  const post = (path: string, body?: object) => {
    const req = admin.http().post(path).set('Authorization', auth());
    return body === undefined ? req : req.send(body);
  };
  const sawCommand = (sagaId: string, type: string) =>
    pollUntil(
      () => admin.stubs.distinct().some((c: StubCommand) => c.sagaId === sagaId && c.type === type),
      {},
      `${type} for saga ${sagaId}`,
    );
  const isStatus =
    (...statuses: string[]) =>
    (saga: SagaBody) =>
      statuses.includes(saga.status);

  beforeAll(async () => {
    admin = await startAdminApp('orchestrator_admin', SETTINGS);
  });

  afterAll(async () => {
    await admin.stop();
  });

  // First: the pagination test counts every saga in the database.
  it('lists sagas newest first, filtered by status and type, across keyset pages', async () => {
    const started = [];
    for (let i = 0; i < 6; i += 1) started.push(await admin.startSaga());
    const compensated = await admin.startSaga((command) =>
      command.type === 'payment.authorize' ? declined : ok,
    );
    for (const { sagaId } of started) await admin.waitForSaga(sagaId, isStatus('COMPLETED'), 'completed');
    await admin.waitForSaga(compensated.sagaId, isStatus('COMPENSATED'), 'compensated');

    const all = await get('/admin/sagas?limit=500').expect(200);
    const everything = (all.body as ListBody).items;
    expect(all.body.nextCursor).toBeNull();
    expect(everything).toHaveLength(7);
    expect(new Set(everything.map((s) => s.sagaId))).toEqual(
      new Set([...started, compensated].map((s) => s.sagaId)),
    );
    const times = everything.map((s) => Date.parse(s.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(Object.keys(everything[0])).toEqual([
      'sagaId',
      'type',
      'status',
      'currentStep',
      'businessKey',
      'createdAt',
      'updatedAt',
    ]);
    expect(everything.find((s) => s.sagaId === compensated.sagaId)).toMatchObject({
      type: 'order-fulfillment',
      status: 'COMPENSATED',
      currentStep: 'create-order',
    });

    // Pages of 3: 3 + 3 + 1, in the same order as the single page; a saga started meanwhile
    // lands before the first page and does not shift the later ones.
    const first = (await get('/admin/sagas?limit=3').expect(200)).body as ListBody;
    const newcomer = await admin.startSaga();
    await admin.waitForSaga(newcomer.sagaId, isStatus('COMPLETED'), 'completed');
    const second = (await get(`/admin/sagas?limit=3&cursor=${first.nextCursor}`).expect(200))
      .body as ListBody;
    const third = (await get(`/admin/sagas?limit=3&cursor=${second.nextCursor}`).expect(200))
      .body as ListBody;
    expect([first.items.length, second.items.length, third.items.length]).toEqual([3, 3, 1]);
    expect(third.nextCursor).toBeNull();
    expect([...first.items, ...second.items, ...third.items].map((s) => s.sagaId)).toEqual(
      everything.map((s) => s.sagaId),
    );
    const newest = ((await get('/admin/sagas?limit=1').expect(200)).body as ListBody).items;
    expect(newest.map((s) => s.sagaId)).toEqual([newcomer.sagaId]);

    const byStatus = (await get('/admin/sagas?status=COMPENSATED').expect(200)).body as ListBody;
    expect(byStatus.items.map((s) => s.sagaId)).toEqual([compensated.sagaId]);
    const completedPage = (await get('/admin/sagas?status=COMPLETED&limit=4').expect(200)).body as ListBody;
    const completedRest = (
      await get(`/admin/sagas?status=COMPLETED&limit=4&cursor=${completedPage.nextCursor}`).expect(200)
    ).body as ListBody;
    expect([...completedPage.items, ...completedRest.items].map((s) => s.status)).toEqual(
      Array(7).fill('COMPLETED'),
    );
    expect(completedRest.nextCursor).toBeNull();
    expect(
      ((await get('/admin/sagas?type=order-fulfillment&limit=500').expect(200)).body as ListBody).items,
    ).toHaveLength(8);
    expect(
      await get('/admin/sagas?type=no-such-saga')
        .expect(200)
        .then((r) => r.body),
    ).toEqual({
      items: [],
      nextCursor: null,
    });
    // A well-formed cursor past the oldest saga is simply the end of the list.
    const beforeAll = encodeSagaCursor({ createdAt: '2000-01-01T00:00:00.000000Z', sagaId: randomUUID() });
    expect((await get(`/admin/sagas?cursor=${beforeAll}`).expect(200)).body).toEqual({
      items: [],
      nextCursor: null,
    });
  });

  describe('authentication', () => {
    const sagaId = randomUUID();
    const routes: Array<[string, string]> = [
      ['get', '/admin/sagas'],
      ['get', `/admin/sagas/${sagaId}`],
      ['post', `/admin/sagas/${sagaId}/retry`],
      ['post', `/admin/sagas/${sagaId}/abort`],
      ['get', '/admin/stats'],
      ['get', '/admin/definitions'],
      ['get', '/admin/dead-letters'],
      ['post', '/admin/dead-letters/1/replay'],
      ['delete', '/admin/dead-letters/1'],
      ['get', '/admin/sagas/not-a-uuid'],
    ];

    it.each(routes)('answers 401 to %s %s without the token, or with a wrong one', async (method, path) => {
      const call = (authorization?: string) => {
        const req = admin.http()[method as 'get'](path);
        return authorization === undefined ? req : req.set('Authorization', authorization);
      };
      const missing = await call().expect(401);
      expect(missing.headers['www-authenticate']).toBe('Bearer');
      expect(missing.body).toEqual({ statusCode: 401, message: expect.any(String) });
      await call(`Bearer ${'x'.repeat(admin.token.length)}`).expect(401);
      await call(`Bearer ${admin.token.slice(0, -1)}`).expect(401);
      await call(`Bearer ${admin.token}x`).expect(401);
      await call(`Basic ${admin.token}`).expect(401);
      await call(admin.token).expect(401);
    });

    it('lets the right token through, and leaves health and metrics open', async () => {
      await get('/admin/sagas').expect(200);
      await admin.http().get('/admin/sagas').set('Authorization', `bearer ${admin.token}`).expect(200);
      await admin.http().get('/health/live').expect(200);
      await admin.http().get('/health/ready').expect(200);
      await admin.http().get('/metrics').expect(200);
    });
  });

  describe('validation', () => {
    const expectFieldErrors = (body: unknown, ...messages: string[]) => {
      expect(body).toEqual({ statusCode: 400, message: expect.arrayContaining(messages) });
      expect(JSON.stringify(body)).not.toMatch(/stack|at \w+ \(|SELECT|saga_instance/);
    };

    it.each([
      [
        'status=DONE',
        'status must be one of the following values: RUNNING, COMPENSATING, COMPLETED, COMPENSATED, FAILED',
      ],
      [
        'status=RUNNING&status=FAILED',
        'status must be one of the following values: RUNNING, COMPENSATING, COMPLETED, COMPENSATED, FAILED',
      ],
      ['limit=0', 'limit must not be less than 1'],
      ['limit=501', 'limit must not be greater than 500'],
      ['limit=abc', 'limit must be an integer number'],
      ['limit=1.5', 'limit must be an integer number'],
      ['limit=', 'limit must not be less than 1'],
      ['cursor=not*a*cursor', 'cursor must be the nextCursor of a previous page'],
      [
        `cursor=${Buffer.from('["yesterday","x"]').toString('base64url')}`,
        'cursor must be the nextCursor of a previous page',
      ],
      ['type=', 'type must be longer than or equal to 1 characters'],
      [`type=${'t'.repeat(101)}`, 'type must be shorter than or equal to 100 characters'],
      ['page=2', 'property page should not exist'],
    ])('refuses GET /admin/sagas?%s with 400', async (query, message) => {
      const response = await get(`/admin/sagas?${query}`).expect(400);
      expectFieldErrors(response.body, message);
    });

    it('refuses a saga id that is not a UUID on every saga route, and answers 404 for an unknown one', async () => {
      for (const response of [
        await get('/admin/sagas/42'),
        await post('/admin/sagas/saga-1/retry'),
        await post(`/admin/sagas/${encodeURIComponent("' OR 1=1")}/abort`, { reason: 'x' }),
      ]) {
        expect(response.status).toBe(400);
        expectFieldErrors(response.body, 'sagaId must be a UUID');
      }
      const unknown = randomUUID();
      expect((await get(`/admin/sagas/${unknown}`).expect(404)).body).toEqual({
        statusCode: 404,
        message: `Saga ${unknown} not found`,
      });
      await post(`/admin/sagas/${unknown}/retry`).expect(404);
      await post(`/admin/sagas/${unknown}/abort`, { reason: 'x' }).expect(404);
    });

    it.each<[string, unknown, string]>([
      ['no reason', {}, 'reason must be a string'],
      ['an empty reason', { reason: '' }, 'reason must be longer than or equal to 1 characters'],
      ['a blank reason', { reason: '   ' }, 'reason must not be blank'],
      [
        'a reason over 500 characters',
        { reason: 'r'.repeat(501) },
        'reason must be shorter than or equal to 500 characters',
      ],
      ['a number', { reason: 42 }, 'reason must be a string'],
      ['an unknown field', { reason: 'ok', force: true }, 'property force should not exist'],
    ])('refuses an abort with %s', async (_case, body, message) => {
      const response = await post(`/admin/sagas/${randomUUID()}/abort`, body as object).expect(400);
      expectFieldErrors(response.body, message);
    });

    it('refuses malformed, non-JSON, array and oversized bodies', async () => {
      const path = `/admin/sagas/${randomUUID()}/abort`;
      const malformed = await post(path)
        .set('Content-Type', 'application/json')
        .send('{"reason": ')
        .expect(400);
      expect(malformed.body).toEqual({ statusCode: 400, message: 'Malformed JSON in request body' });
      await post(path).set('Content-Type', 'text/plain').send('reason=x').expect(415);
      await post(path).set('Content-Type', 'application/json').send('[{"reason":"x"}]').expect(400);
      const oversized = await post(path, { reason: 'x', padding: 'p'.repeat(150_000) }).expect(413);
      expect(oversized.body).toEqual({ statusCode: 413, message: expect.stringContaining('100kb') });
      await post(`/admin/sagas/${randomUUID()}/retry`, { reason: 'r'.repeat(501) }).expect(400);
    });
  });

  it('shows one saga with its steps, timeline and links', async () => {
    const { sagaId, orderId } = await admin.startSaga();
    const saga = await admin.waitForSaga(sagaId, isStatus('COMPLETED'), 'completed');

    expect(Object.keys(saga)).toEqual([
      'sagaId',
      'type',
      'version',
      'status',
      'currentStep',
      'businessKey',
      'nextDeadline',
      'traceId',
      'data',
      'steps',
      'attention',
      'timeline',
      '_links',
    ]);
    expect(saga).toMatchObject({
      sagaId,
      type: 'order-fulfillment',
      version: 1,
      status: 'COMPLETED',
      attention: null,
      businessKey: orderId,
      nextDeadline: null,
      currentStep: 'approve-order',
      data: expect.objectContaining({ orderId, customerId: 'cust-42' }),
    });
    expect(saga.steps.map((s) => [s.name, s.kind, s.status, s.attempts])).toEqual([
      ['create-order', 'compensatable', 'SUCCEEDED', 1],
      ['reserve-inventory', 'compensatable', 'SUCCEEDED', 1],
      ['authorize-payment', 'compensatable', 'SUCCEEDED', 1],
      ['schedule-shipment', 'pivot', 'SUCCEEDED', 1],
      ['capture-payment', 'retriable', 'SUCCEEDED', 1],
      ['approve-order', 'retriable', 'SUCCEEDED', 1],
    ]);
    expect(Object.keys(saga.steps[0])).toEqual([
      'name',
      'kind',
      'status',
      'attempts',
      'startedAt',
      'endedAt',
      'error',
    ]);
    expect(saga.timeline.map((e) => e.seq)).toEqual(saga.timeline.map((_e, i) => i + 1));
    expect(saga.timeline[0]).toEqual({
      seq: 1,
      at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      kind: 'saga-started',
      step: null,
      detail: { type: 'order-fulfillment', version: 1 },
    });
    expect(saga.timeline.at(-1)).toMatchObject({ kind: 'saga-finished', detail: { status: 'COMPLETED' } });
    expect(saga._links).toEqual({
      self: { href: `/admin/sagas/${sagaId}` },
      order: { href: `/orders/${orderId}` },
      deadLetters: { href: `/admin/dead-letters?sagaId=${sagaId}` },
    });
  });

  it('retries a FAILED saga whose compensation gave up, and it finishes compensating', async () => {
    let releaseWorks = false;
    const { sagaId } = await admin.startSaga((command) => {
      if (command.type === 'payment.authorize') return declined;
      if (command.type === 'inventory.release' && !releaseWorks)
        return { outcome: 'BUSINESS_FAILURE', error: { code: 'STUCK', message: 'cannot release' } };
      return ok;
    });
    const failed = await admin.waitForSaga(sagaId, isStatus('FAILED'), 'failed');
    expect(failed.steps[1]).toMatchObject({
      name: 'reserve-inventory',
      status: 'COMPENSATION_FAILED',
      error: { code: 'STUCK', message: 'cannot release' },
    });
    expect(failed._links.retry).toEqual({ href: `/admin/sagas/${sagaId}/retry`, method: 'POST' });
    expect(failed._links.abort).toBeUndefined();

    releaseWorks = true;
    const retried = await post(`/admin/sagas/${sagaId}/retry`, { reason: 'stock service fixed' }).expect(200);
    expect(['COMPENSATING', 'COMPENSATED']).toContain(retried.body.status);
    const done = await admin.waitForSaga(sagaId, isStatus('COMPENSATED'), 'compensated');
    expect(done.timeline).toContainEqual(
      expect.objectContaining({
        kind: 'operator-retry',
        step: 'reserve-inventory',
        detail: { reason: 'stock service fixed', resumes: 'COMPENSATION_FAILED' },
      }),
    );
    expect(done.steps.map((s) => s.status).slice(0, 3)).toEqual(['COMPENSATED', 'COMPENSATED', 'FAILED']);

    // Terminal now: nothing to retry, and the refusal is on the timeline too.
    const again = await post(`/admin/sagas/${sagaId}/retry`).expect(409);
    expect(again.body).toEqual({ statusCode: 409, message: expect.stringContaining('COMPENSATED') });
    const after = (await get(`/admin/sagas/${sagaId}`).expect(200)).body as SagaBody;
    expect(after.timeline.at(-1)).toMatchObject({
      kind: 'operator-refused',
      detail: { action: 'operator-retry', reason: null, code: 'NOTHING_TO_RETRY' },
    });
  });

  it('aborts a running saga: it compensates, with the reason on its timeline; a second abort is refused', async () => {
    const { sagaId } = await admin.startSaga((command) =>
      command.type === 'inventory.reserve' ? 'no-reply' : ok,
    );
    await sawCommand(sagaId, 'inventory.reserve');
    const running = (await get(`/admin/sagas/${sagaId}`).expect(200)).body as SagaBody;
    expect(running).toMatchObject({ status: 'RUNNING', currentStep: 'reserve-inventory' });
    expect(running._links.abort).toEqual({ href: `/admin/sagas/${sagaId}/abort`, method: 'POST' });
    expect(running._links.retry).toBeUndefined();

    const aborted = await post(`/admin/sagas/${sagaId}/abort`, { reason: 'customer called' }).expect(200);
    expect(['COMPENSATING', 'COMPENSATED']).toContain(aborted.body.status);
    expect(aborted.body._links.abort).toBeUndefined();
    const done = await admin.waitForSaga(sagaId, isStatus('COMPENSATED'), 'compensated');
    expect(done.timeline).toContainEqual(
      expect.objectContaining({
        kind: 'operator-abort',
        step: 'reserve-inventory',
        detail: { reason: 'customer called' },
      }),
    );
    expect(done.steps[1]).toMatchObject({
      status: 'COMPENSATED',
      error: { code: 'ABORTED', message: 'customer called' },
    });

    const refused = await post(`/admin/sagas/${sagaId}/abort`, { reason: 'again' }).expect(409);
    expect(refused.body).toEqual({ statusCode: 409, message: 'saga is already COMPENSATED' });
    const after = (await get(`/admin/sagas/${sagaId}`).expect(200)).body as SagaBody;
    expect(after.timeline.at(-1)).toMatchObject({
      kind: 'operator-refused',
      detail: { action: 'operator-abort', reason: 'again', code: 'SAGA_TERMINAL' },
    });
    expect(after.status).toBe('COMPENSATED');
  });

  it('refuses to abort, or retry, a saga past its pivot', async () => {
    const { sagaId } = await admin.startSaga((command) =>
      command.type === 'payment.capture' ? 'no-reply' : ok,
    );
    await sawCommand(sagaId, 'payment.capture');
    const running = (await get(`/admin/sagas/${sagaId}`).expect(200)).body as SagaBody;
    expect(running).toMatchObject({ status: 'RUNNING', currentStep: 'capture-payment' });
    expect(running._links.abort).toBeUndefined();

    const refused = await post(`/admin/sagas/${sagaId}/abort`, { reason: 'too late' }).expect(409);
    expect(refused.body.message).toMatch(/pivot step 'schedule-shipment' has been sent/);
    await post(`/admin/sagas/${sagaId}/retry`).expect(409);
    const after = (await get(`/admin/sagas/${sagaId}`).expect(200)).body as SagaBody;
    expect(after.status).toBe('RUNNING');
    expect(after.timeline.filter((e) => e.kind === 'operator-refused').map((e) => e.detail.action)).toEqual([
      'operator-abort',
      'operator-retry',
    ]);
  });

  it('counts sagas by status and current step, with the last minute’s rates', async () => {
    const { sagaId } = await admin.startSaga((command) =>
      command.type === 'shipping.schedule' ? 'no-reply' : ok,
    );
    await sawCommand(sagaId, 'shipping.schedule');

    const stats = (await get('/admin/stats').expect(200)).body;
    const listed = ((await get('/admin/sagas?limit=500').expect(200)).body as ListBody).items;
    const count = (status: string) => listed.filter((s) => s.status === status).length;
    expect(stats.byStatus).toEqual({
      RUNNING: count('RUNNING'),
      COMPENSATING: count('COMPENSATING'),
      COMPLETED: count('COMPLETED'),
      COMPENSATED: count('COMPENSATED'),
      FAILED: count('FAILED'),
    });
    const runningSteps: Record<string, number> = {};
    for (const saga of listed.filter((s) => s.status === 'RUNNING' || s.status === 'COMPENSATING'))
      runningSteps[saga.currentStep] = (runningSteps[saga.currentStep] ?? 0) + 1;
    expect(stats.runningByStep).toEqual(runningSteps);
    expect(stats.runningByStep['schedule-shipment']).toBeGreaterThanOrEqual(1);
    const lastMinute = (iso: string) => Date.parse(iso) > Date.now() - 55_000;
    expect(stats.ratesPerMinute.started).toBeGreaterThanOrEqual(
      listed.filter((s) => lastMinute(s.createdAt)).length,
    );
    expect(stats.ratesPerMinute.started).toBeLessThanOrEqual(listed.length);
    expect(stats.ratesPerMinute.finished).toBeGreaterThanOrEqual(1);
    expect(stats.ratesPerMinute.finished).toBeLessThanOrEqual(
      count('COMPLETED') + count('COMPENSATED') + count('FAILED'),
    );
  });

  it('lists the definitions of the sagas it was given, with their steps and kinds', async () => {
    const { body } = await get('/admin/definitions').expect(200);
    const items = body.items as Array<{ type: string; version: number; steps: Array<{ name: string }> }>;
    // Every saga the app is given, in its order, with its steps: a new saga type changes nothing here.
    expect(
      items.map(({ type, version, steps }) => ({ type, version, steps: steps.map(({ name }) => name) })),
    ).toEqual(
      ORCHESTRATOR_SAGAS.map(({ definition }) => ({
        type: definition.type,
        version: definition.version,
        steps: definition.steps.map(({ name }) => name),
      })),
    );
    expect(items.map(({ type }) => type)).toEqual(
      expect.arrayContaining(['order-fulfillment', 'order-return']),
    );
    expect(items[0].steps).toEqual([
      {
        name: 'create-order',
        kind: 'compensatable',
        command: 'order.create',
        compensation: 'order.cancel',
        timeoutMs: 60_000,
        queueTimeoutMs: null,
        maxAttempts: 4,
      },
      {
        name: 'reserve-inventory',
        kind: 'compensatable',
        command: 'inventory.reserve',
        compensation: 'inventory.release',
        timeoutMs: 60_000,
        queueTimeoutMs: null,
        maxAttempts: 4,
      },
      {
        name: 'authorize-payment',
        kind: 'compensatable',
        command: 'payment.authorize',
        compensation: 'payment.void',
        timeoutMs: 60_000,
        queueTimeoutMs: null,
        maxAttempts: 4,
      },
      {
        name: 'schedule-shipment',
        kind: 'pivot',
        command: 'shipping.schedule',
        compensation: null,
        timeoutMs: 60_000,
        queueTimeoutMs: null,
        maxAttempts: 4,
      },
      {
        name: 'capture-payment',
        kind: 'retriable',
        command: 'payment.capture',
        compensation: null,
        timeoutMs: 60_000,
        queueTimeoutMs: null,
        maxAttempts: null,
      },
      {
        name: 'approve-order',
        kind: 'retriable',
        command: 'order.approve',
        compensation: null,
        timeoutMs: 60_000,
        queueTimeoutMs: null,
        maxAttempts: null,
      },
    ]);
  });
});
