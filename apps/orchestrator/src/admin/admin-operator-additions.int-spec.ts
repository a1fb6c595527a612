import { randomUUID } from 'node:crypto';
import type { StubAnswer, StubCommand, StubScript } from '@test/support';
import { pollUntil } from '@test/support';
import { AdminApp, type SagaBody, startAdminApp } from '../../test/admin-app';

/** Step timeouts long enough that a silent participant keeps its saga waiting; retries fast. */
const SETTINGS = {
  tuning: { stepTimeoutMs: 60_000, retryInitialBackoffMs: 5, retryMaxBackoffMs: 20 },
  replyConcurrency: 4,
  deadlinePollMs: 50,
};

const ok: StubAnswer = { outcome: 'SUCCESS' };
const declined: StubAnswer = { outcome: 'BUSINESS_FAILURE', error: { code: 'DECLINED', message: 'no' } };
const silentAt =
  (type: string): StubScript =>
  (command) =>
    command.type === type ? 'no-reply' : ok;

interface ListItem {
  sagaId: string;
  status: string;
  businessKey: string | null;
  createdAt: string;
  updatedAt: string;
}

interface HistoryBucket {
  at: string;
  started: number;
  completed: number;
  compensated: number;
  failed: number;
}

const COMPENSATIONS = ['payment.void', 'inventory.release', 'order.cancel'];

describe('orchestrator admin API: operator additions (DESIGN "Operator additions")', () => {
  let admin: AdminApp;
  const auth = () => `Bearer ${admin.token}`;
  const get = (path: string) => admin.http().get(path).set('Authorization', auth());
  const post = (path: string, body?: object) => {
    const req = admin.http().post(path).set('Authorization', auth());
    return body === undefined ? req : req.send(body);
  };
  const list = async (query: string) =>
    ((await get(`/admin/sagas?limit=500&${query}`).expect(200)).body as { items: ListItem[] }).items;
  const commandsOf = (sagaId: string) =>
    admin.stubs
      .distinct()
      .filter((c: StubCommand) => c.sagaId === sagaId)
      .map((c) => c.type);
  const sawCommand = (sagaId: string, type: string) =>
    pollUntil(() => commandsOf(sagaId).includes(type), {}, `${type} for saga ${sagaId}`);
  const isStatus =
    (...statuses: string[]) =>
    (saga: SagaBody) =>
      statuses.includes(saga.status);
  const expect400 = async (path: string, message: string, body?: object) => {
    const response = await (body === undefined ? get(path) : post(path, body)).expect(400);
    expect(response.body).toEqual({ statusCode: 400, message: expect.arrayContaining([message]) });
  };

  beforeAll(async () => {
    admin = await startAdminApp('orchestrator_admin_ops', SETTINGS);
  });

  afterAll(async () => {
    await admin.stop();
  });

  describe('GET /admin/sagas filters', () => {
    let first: ListItem;
    let second: ListItem;
    let secondOrder: string;

    beforeAll(async () => {
      const a = await admin.startSaga();
      await admin.waitForSaga(a.sagaId, isStatus('COMPLETED'), 'completed');
      const b = await admin.startSaga();
      await admin.waitForSaga(b.sagaId, isStatus('COMPLETED'), 'completed');
      secondOrder = b.orderId;
      const items = await list('');
      first = items.find((s) => s.sagaId === a.sagaId)!;
      second = items.find((s) => s.sagaId === b.sagaId)!;
    });

    it('finds a saga by its business key, the order id, and shows the key in the list', async () => {
      expect(second.businessKey).toBe(secondOrder);
      expect((await list(`businessKey=${secondOrder}`)).map((s) => s.sagaId)).toEqual([second.sagaId]);
      expect(await list(`businessKey=${randomUUID()}`)).toEqual([]);
      expect(await list(`businessKey=${secondOrder}&type=order-return`)).toEqual([]);
      expect(await list(`businessKey=${secondOrder}&status=COMPLETED`)).toHaveLength(1);
    });

    it('filters by creation and last update time, ISO 8601 with a zone or a date', async () => {
      const ids = async (query: string) => (await list(query)).map((s) => s.sagaId);
      const createdFromSecond = await ids(`createdAfter=${second.createdAt}`);
      expect(createdFromSecond).toContain(second.sagaId);
      expect(createdFromSecond).not.toContain(first.sagaId);
      const updatedBeforeSecond = await ids(`updatedBefore=${second.updatedAt}`);
      expect(updatedBeforeSecond).toContain(first.sagaId);
      expect(updatedBeforeSecond).not.toContain(second.sagaId);
      expect(await ids(`createdAfter=${first.createdAt}&updatedBefore=${second.updatedAt}`)).toEqual([
        first.sagaId,
      ]);

      expect(await ids('createdAfter=2000-01-01')).toEqual(
        expect.arrayContaining([first.sagaId, second.sagaId]),
      );
      expect(await ids('createdAfter=2999-01-01')).toEqual([]);
      expect(await ids(`createdAfter=${encodeURIComponent('2999-01-01T00:00:00+02:00')}`)).toEqual([]);
      expect(await ids('updatedBefore=2000-01-01T00:00:00Z')).toEqual([]);
    });

    it('refuses malformed, oversized and repeated filter values with 400 naming the field', async () => {
      const instantMessage = (field: string) =>
        `${field} must be an ISO 8601 date (2025-01-31) or date-time with a zone (2025-01-31T12:00:00Z)`;
      for (const [query, message] of [
        ['createdAfter=yesterday', instantMessage('createdAfter')],
        ['createdAfter=2025-02-30', instantMessage('createdAfter')],
        ['createdAfter=2025-01-31T12:00:00', instantMessage('createdAfter')],
        ['createdAfter=2025-01-31T25:00:00Z', instantMessage('createdAfter')],
        ['createdAfter=', instantMessage('createdAfter')],
        ['updatedBefore=2025-13-01', instantMessage('updatedBefore')],
        ['updatedBefore=2025-01-01&updatedBefore=2025-01-02', instantMessage('updatedBefore')],
        ['businessKey=', 'businessKey must be longer than or equal to 1 characters'],
        [`businessKey=${'k'.repeat(201)}`, 'businessKey must be shorter than or equal to 200 characters'],
        ['businessKey=a&businessKey=b', 'businessKey must be a string'],
        ['orderId=x', 'property orderId should not exist'],
      ]) {
        await expect400(`/admin/sagas?${query}`, message);
      }
    });
  });

  it('shows the business key and the deadline the saga waits on', async () => {
    const { sagaId, orderId } = await admin.startSaga(silentAt('inventory.reserve'));
    await sawCommand(sagaId, 'inventory.reserve');
    const saga = (await get(`/admin/sagas/${sagaId}`).expect(200)).body as SagaBody;
    expect(saga.businessKey).toBe(orderId);
    expect(saga.nextDeadline).toEqual({ at: expect.any(String), reason: 'timeout' });
    const at = Date.parse((saga.nextDeadline as { at: string }).at);
    const sent = saga.timeline.find((e) => e.kind === 'command-sent' && e.step === 'reserve-inventory')!;
    expect(at - Date.parse(sent.at)).toBe(SETTINGS.tuning.stepTimeoutMs);

    await post(`/admin/sagas/${sagaId}/abort`, { reason: 'test over' }).expect(200);
    const compensated = await admin.waitForSaga(sagaId, isStatus('COMPENSATED'), 'compensated');
    expect(compensated.nextDeadline).toBeNull();
  });

  describe('POST /admin/sagas/{sagaId}/abort?dryRun=true', () => {
    it('lists the compensations an abort would send, in the order a real abort then sends them, changing nothing', async () => {
      const { sagaId } = await admin.startSaga(silentAt('payment.authorize'));
      await sawCommand(sagaId, 'payment.authorize');
      const before = (await get(`/admin/sagas/${sagaId}`).expect(200)).body as SagaBody;

      const dryRun = await post(`/admin/sagas/${sagaId}/abort?dryRun=true`, { reason: 'what if' }).expect(
        200,
      );
      expect(dryRun.body).toEqual({
        compensations: [
          { step: 'authorize-payment', command: 'payment.void' },
          { step: 'reserve-inventory', command: 'inventory.release' },
          { step: 'create-order', command: 'order.cancel' },
        ],
      });
      const after = (await get(`/admin/sagas/${sagaId}`).expect(200)).body as SagaBody;
      expect(after).toEqual(before);

      await post(`/admin/sagas/${sagaId}/abort?dryRun=false`, { reason: 'for real' }).expect(200);
      await admin.waitForSaga(sagaId, isStatus('COMPENSATED'), 'compensated');
      expect(commandsOf(sagaId).filter((type) => COMPENSATIONS.includes(type))).toEqual(
        (dryRun.body as { compensations: Array<{ command: string }> }).compensations.map((c) => c.command),
      );
    });

    it('answers the same 409 as a real abort past the pivot or once finished, 404 for an unknown saga', async () => {
      const { sagaId } = await admin.startSaga(silentAt('payment.capture'));
      await sawCommand(sagaId, 'payment.capture');
      const timelineBefore = ((await get(`/admin/sagas/${sagaId}`).expect(200)).body as SagaBody).timeline;
      const dry = await post(`/admin/sagas/${sagaId}/abort?dryRun=true`, { reason: 'x' }).expect(409);
      expect(((await get(`/admin/sagas/${sagaId}`).expect(200)).body as SagaBody).timeline).toEqual(
        timelineBefore,
      );
      const real = await post(`/admin/sagas/${sagaId}/abort`, { reason: 'x' }).expect(409);
      expect(dry.body).toEqual(real.body);
      expect(dry.body.message).toMatch(/pivot step 'schedule-shipment' has been sent/);

      const done = await admin.startSaga();
      await admin.waitForSaga(done.sagaId, isStatus('COMPLETED'), 'completed');
      const finished = await post(`/admin/sagas/${done.sagaId}/abort?dryRun=true`, { reason: 'x' }).expect(
        409,
      );
      expect(finished.body).toEqual({ statusCode: 409, message: 'saga is already COMPLETED' });

      const unknown = randomUUID();
      expect(
        (await post(`/admin/sagas/${unknown}/abort?dryRun=true`, { reason: 'x' }).expect(404)).body,
      ).toEqual({
        statusCode: 404,
        message: `Saga ${unknown} not found`,
      });
      await expect400(`/admin/sagas/${unknown}/abort?dryRun=maybe`, 'dryRun must be true or false', {
        reason: 'x',
      });
      await expect400(`/admin/sagas/${unknown}/abort?dryRun=true`, 'reason must be a string', {});
    });
  });

  describe('bulk retry and abort', () => {
    it('aborts many sagas, each on its own timeline, with an outcome per saga in the order given', async () => {
      const stuck = [];
      for (let i = 0; i < 3; i += 1) stuck.push(await admin.startSaga(silentAt('inventory.reserve')));
      for (const { sagaId } of stuck) await sawCommand(sagaId, 'inventory.reserve');
      const done = await admin.startSaga();
      await admin.waitForSaga(done.sagaId, isStatus('COMPLETED'), 'completed');
      const unknown = randomUUID();
      const sagaIds = [stuck[0].sagaId, done.sagaId, stuck[1].sagaId, unknown, stuck[2].sagaId];

      const response = await post('/admin/sagas/abort', { sagaIds, reason: 'supplier outage' }).expect(200);
      const results = (response.body as { results: Array<Record<string, unknown>> }).results;
      expect(results.map((r) => [r.sagaId, r.outcome])).toEqual([
        [stuck[0].sagaId, 'accepted'],
        [done.sagaId, 'refused'],
        [stuck[1].sagaId, 'accepted'],
        [unknown, 'refused'],
        [stuck[2].sagaId, 'accepted'],
      ]);
      for (const accepted of [results[0], results[2], results[4]]) {
        expect(Object.keys(accepted)).toEqual(['sagaId', 'outcome', 'status']);
        expect(['COMPENSATING', 'COMPENSATED']).toContain(accepted.status);
      }
      expect(results[1]).toEqual({
        sagaId: done.sagaId,
        outcome: 'refused',
        error: 'saga is already COMPLETED',
      });
      expect(results[3]).toEqual({ sagaId: unknown, outcome: 'refused', error: `Saga ${unknown} not found` });

      for (const { sagaId } of stuck) {
        const saga = await admin.waitForSaga(sagaId, isStatus('COMPENSATED'), 'compensated');
        expect(saga.timeline.filter((e) => e.kind === 'operator-abort')).toEqual([
          expect.objectContaining({ step: 'reserve-inventory', detail: { reason: 'supplier outage' } }),
        ]);
      }
      const refusedOne = (await get(`/admin/sagas/${done.sagaId}`).expect(200)).body as SagaBody;
      expect(refusedOne.timeline.at(-1)).toMatchObject({
        kind: 'operator-refused',
        detail: { action: 'operator-abort', reason: 'supplier outage', code: 'SAGA_TERMINAL' },
      });
    });

    it('retries many FAILED sagas after the root cause is fixed; the others are refused', async () => {
      let releaseWorks = false;
      const stuckRelease: StubScript = (command) => {
        if (command.type === 'payment.authorize') return declined;
        if (command.type === 'inventory.release' && !releaseWorks)
          return { outcome: 'BUSINESS_FAILURE', error: { code: 'STUCK', message: 'cannot release' } };
        return ok;
      };
      const failed = [await admin.startSaga(stuckRelease), await admin.startSaga(stuckRelease)];
      for (const { sagaId } of failed) await admin.waitForSaga(sagaId, isStatus('FAILED'), 'failed');
      const done = await admin.startSaga();
      await admin.waitForSaga(done.sagaId, isStatus('COMPLETED'), 'completed');

      releaseWorks = true;
      const sagaIds = [failed[0].sagaId, failed[1].sagaId, done.sagaId];
      const response = await post('/admin/sagas/retry', { sagaIds }).expect(200);
      const results = (response.body as { results: Array<Record<string, unknown>> }).results;
      expect(results.map((r) => [r.sagaId, r.outcome])).toEqual([
        [failed[0].sagaId, 'accepted'],
        [failed[1].sagaId, 'accepted'],
        [done.sagaId, 'refused'],
      ]);
      expect(results[2].error).toMatch(/COMPLETED/);
      for (const { sagaId } of failed) {
        const saga = await admin.waitForSaga(sagaId, isStatus('COMPENSATED'), 'compensated');
        expect(saga.timeline.filter((e) => e.kind === 'operator-retry')).toHaveLength(1);
      }
    });

    it('refuses malformed, oversized and repeated saga ids with 400 and acts on none', async () => {
      const { sagaId } = await admin.startSaga(silentAt('inventory.reserve'));
      await sawCommand(sagaId, 'inventory.reserve');
      const many = (n: number) => Array.from({ length: n }, () => randomUUID());
      for (const [path, body, message] of [
        ['/admin/sagas/abort', { reason: 'r' }, 'sagaIds must be an array of saga ids'],
        ['/admin/sagas/abort', { sagaIds: [], reason: 'r' }, 'sagaIds must name at least one saga'],
        ['/admin/sagas/abort', { sagaIds: sagaId, reason: 'r' }, 'sagaIds must be an array of saga ids'],
        ['/admin/sagas/abort', { sagaIds: [sagaId, 'nope'], reason: 'r' }, 'each of sagaIds must be a UUID'],
        [
          '/admin/sagas/abort',
          { sagaIds: [sagaId, sagaId], reason: 'r' },
          'sagaIds must not repeat a saga id',
        ],
        [
          '/admin/sagas/abort',
          { sagaIds: [sagaId, ...many(500)], reason: 'r' },
          'sagaIds must name at most 500 sagas',
        ],
        ['/admin/sagas/abort', { sagaIds: [sagaId] }, 'reason must be a string'],
        ['/admin/sagas/abort', { sagaIds: [sagaId], reason: ' ' }, 'reason must not be blank'],
        [
          '/admin/sagas/abort',
          { sagaIds: [sagaId], reason: 'r', dryRun: true },
          'property dryRun should not exist',
        ],
        ['/admin/sagas/retry', { sagaIds: [sagaId, sagaId] }, 'sagaIds must not repeat a saga id'],
        ['/admin/sagas/retry', { sagaIds: many(501) }, 'sagaIds must name at most 500 sagas'],
      ] as const) {
        await expect400(path, message, body);
      }
      const malformed = await post('/admin/sagas/abort')
        .set('Content-Type', 'application/json')
        .send('{"sagaIds": [')
        .expect(400);
      expect(malformed.body).toEqual({ statusCode: 400, message: 'Malformed JSON in request body' });

      const untouched = (await get(`/admin/sagas/${sagaId}`).expect(200)).body as SagaBody;
      expect(untouched.status).toBe('RUNNING');
      expect(untouched.timeline.map((e) => e.kind)).not.toContain('operator-abort');

      // 500 distinct ids is the limit, not over it: each unknown one is refused on its own.
      const atLimit = [sagaId, ...many(499)];
      const response = await post('/admin/sagas/abort', { sagaIds: atLimit, reason: 'limit' }).expect(200);
      const results = (response.body as { results: Array<{ sagaId: string; outcome: string }> }).results;
      expect(results.map((r) => r.sagaId)).toEqual(atLimit);
      expect(results.filter((r) => r.outcome === 'accepted').map((r) => r.sagaId)).toEqual([sagaId]);
      await admin.waitForSaga(sagaId, isStatus('COMPENSATED'), 'compensated');
    });
  });

  it('GET /admin/stats has 15 minutes of history in 10-second buckets, oldest first', async () => {
    const completed = await admin.startSaga();
    const compensated = await admin.startSaga((command) =>
      command.type === 'payment.authorize' ? declined : ok,
    );
    const doneA = await admin.waitForSaga(completed.sagaId, isStatus('COMPLETED'), 'completed');
    const doneB = await admin.waitForSaga(compensated.sagaId, isStatus('COMPENSATED'), 'compensated');
    // Everything else started here is finished or waits silently: the counts below hold still.
    const stats = (await get('/admin/stats').expect(200)).body as {
      history: { bucketSeconds: number; buckets: HistoryBucket[] };
    };
    const listed = await list('');

    const { bucketSeconds, buckets } = stats.history;
    expect(bucketSeconds).toBe(10);
    expect(buckets).toHaveLength(90);
    expect(Object.keys(buckets[0])).toEqual(['at', 'started', 'completed', 'compensated', 'failed']);
    const starts = buckets.map((b) => Date.parse(b.at));
    starts.forEach((at, i) => {
      expect(at % 10_000).toBe(0);
      if (i > 0) expect(at - starts[i - 1]).toBe(10_000);
    });
    const bucketOf = (iso: string) =>
      buckets.find((b) => b.at === new Date(Math.floor(Date.parse(iso) / 10_000) * 10_000).toISOString());
    const lastUpdate = Math.max(...listed.map((s) => Date.parse(s.updatedAt)));
    expect(starts.at(-1)).toBeGreaterThan(lastUpdate - 10_000);

    const inWindow = (iso: string) => Date.parse(iso) >= starts[0];
    const sum = (field: keyof Omit<HistoryBucket, 'at'>) => buckets.reduce((n, b) => n + b[field], 0);
    expect(sum('started')).toBe(listed.filter((s) => inWindow(s.createdAt)).length);
    for (const status of ['COMPLETED', 'COMPENSATED', 'FAILED'] as const) {
      expect(sum(status.toLowerCase() as 'completed' | 'compensated' | 'failed')).toBe(
        listed.filter((s) => s.status === status && inWindow(s.updatedAt)).length,
      );
    }
    const updatedA = listed.find((s) => s.sagaId === doneA.sagaId)!.updatedAt;
    const updatedB = listed.find((s) => s.sagaId === doneB.sagaId)!.updatedAt;
    expect(bucketOf(updatedA)?.completed).toBeGreaterThanOrEqual(1);
    expect(bucketOf(updatedB)?.compensated).toBeGreaterThanOrEqual(1);
  });
});
