import { AdminApp, startAdminApp } from '../../test/admin-app';

/**
 * Retry backoffs of up to a day (full jitter: under a second once in 86,400 draws), so that a
 * saga waiting on one stays waiting until the operator cuts it short.
 */
const DAY_MS = 86_400_000;
const SETTINGS = {
  tuning: { stepTimeoutMs: 60_000, retryInitialBackoffMs: DAY_MS, retryMaxBackoffMs: DAY_MS },
  replyConcurrency: 4,
  deadlinePollMs: 50,
};

describe('orchestrator admin API: retrying a step that waits out its backoff', () => {
  let admin: AdminApp;
  const get = (path: string) => admin.http().get(path).set('Authorization', `Bearer ${admin.token}`);

  beforeAll(async () => {
    admin = await startAdminApp('orchestrator_admin_backoff', SETTINGS);
  });

  afterAll(async () => {
    await admin.stop();
  });

  it('sends the step again at once, and the saga carries on', async () => {
    const { sagaId, orderId } = await admin.startSaga((command) =>
      command.type === 'inventory.reserve' && command.attempt === 1
        ? { outcome: 'TRANSIENT_FAILURE', error: { code: 'BUSY', message: 'try later' } }
        : { outcome: 'SUCCESS' },
    );
    const waiting = await admin.waitForSaga(
      sagaId,
      (s) => s.timeline.some((e) => e.kind === 'retry-scheduled'),
      'a retry scheduled',
    );
    expect(waiting).toMatchObject({ status: 'RUNNING', currentStep: 'reserve-inventory' });
    expect(waiting._links.retry).toEqual({ href: `/admin/sagas/${sagaId}/retry`, method: 'POST' });
    expect(waiting._links.abort).toEqual({ href: `/admin/sagas/${sagaId}/abort`, method: 'POST' });

    const retried = await admin
      .http()
      .post(`/admin/sagas/${sagaId}/retry`)
      .set('Authorization', `Bearer ${admin.token}`)
      .send({ reason: 'inventory is back' })
      .expect(200);
    expect(retried.body._links.retry).toBeUndefined();

    const done = await admin.waitForSaga(sagaId, (s) => s.status === 'COMPLETED', 'completed');
    expect(done.steps[1]).toMatchObject({ name: 'reserve-inventory', status: 'SUCCEEDED', attempts: 2 });
    expect(done.timeline).toContainEqual(
      expect.objectContaining({
        kind: 'operator-retry',
        step: 'reserve-inventory',
        detail: { reason: 'inventory is back', resumes: 'retry-backoff' },
      }),
    );
    expect(admin.stubs.timesSeen('inventory.reserve', orderId)).toBe(2);
  });

  it('keeps the admin API documented at /docs, without a token', async () => {
    const document = (await admin.http().get('/docs-json').expect(200)).body as { paths: object };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/admin/sagas',
        '/admin/sagas/{sagaId}',
        '/admin/sagas/{sagaId}/retry',
        '/admin/sagas/{sagaId}/abort',
        '/admin/sagas/retry',
        '/admin/sagas/abort',
        '/admin/stats',
        '/admin/definitions',
        '/admin/dead-letters',
        '/admin/dead-letters/{id}/replay',
        '/admin/dead-letters/{id}',
      ]),
    );
    await get('/docs').expect(200);
  });
});
