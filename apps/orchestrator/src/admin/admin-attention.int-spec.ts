import type { StubAnswer } from '@test/support';
import { pollUntil } from '@test/support';
import { AdminApp, type SagaBody, startAdminApp } from '../../test/admin-app';
import { DEFAULT_ATTENTION_AFTER_ATTEMPTS } from './sagas/step-attention';

/**
 * Fast retries, so that a failing step reaches the default attention threshold in well under a
 * second; the threshold itself (`SAGA_ATTENTION_AFTER_ATTEMPTS`) keeps its default.
 */
const SETTINGS = {
  tuning: { stepTimeoutMs: 60_000, retryInitialBackoffMs: 5, retryMaxBackoffMs: 40 },
  replyConcurrency: 4,
  deadlinePollMs: 50,
};

const ok: StubAnswer = { outcome: 'SUCCESS' };
const unavailable: StubAnswer = {
  outcome: 'TRANSIENT_FAILURE',
  error: { code: 'PROCESSOR_UNAVAILABLE', message: 'the card processor is down' },
};

interface Attention {
  step: string;
  attempts: number;
  since: string;
  lastError: { code: string; message: string };
}

describe('orchestrator admin API: a step after the pivot that keeps failing', () => {
  let admin: AdminApp;
  const get = (path: string) => admin.http().get(path).set('Authorization', `Bearer ${admin.token}`);
  const listed = async (query: string) =>
    ((await get(`/admin/sagas?limit=500&${query}`).expect(200)).body.items as Array<{ sagaId: string }>).map(
      (item) => item.sagaId,
    );
  const attentionSeries = async () =>
    ((await admin.http().get('/metrics').expect(200)).text.match(/^saga_steps_needing_attention\{.*$/gm) ??
      []) as string[];

  beforeAll(async () => {
    admin = await startAdminApp('orchestrator_admin_attention', SETTINGS);
  });

  afterAll(async () => {
    await admin.stop();
  });

  it('shows it as needing attention while it is retried, counts it, and clears it once it succeeds', async () => {
    let processorDown = true;
    const failing = await admin.startSaga((command) =>
      command.type === 'payment.capture' && processorDown ? unavailable : ok,
    );
    const healthy = await admin.startSaga();
    await admin.waitForSaga(healthy.sagaId, (saga) => saga.status === 'COMPLETED', 'completed');

    const stuck = await admin.waitForSaga(
      failing.sagaId,
      (saga) => saga.attention !== null,
      'its capture to need attention',
    );
    expect(stuck).toMatchObject({ status: 'RUNNING', currentStep: 'capture-payment' });
    const attention = stuck.attention as Attention;
    expect(attention).toEqual({
      step: 'capture-payment',
      attempts: expect.any(Number),
      since: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      lastError: { code: 'PROCESSOR_UNAVAILABLE', message: 'the card processor is down' },
    });
    expect(attention.attempts).toBeGreaterThanOrEqual(DEFAULT_ATTENTION_AFTER_ATTEMPTS);
    const capture = stuck.steps.find((step) => step.name === 'capture-payment');
    expect(capture).toMatchObject({ status: 'RUNNING' });

    const needing = await listed('needsAttention=true');
    expect(needing).toEqual([failing.sagaId]);
    const others = await listed('needsAttention=false');
    expect(others).toContain(healthy.sagaId);
    expect(others).not.toContain(failing.sagaId);
    expect(await listed('needsAttention=true&status=COMPLETED')).toEqual([]);

    const stats = (await get('/admin/stats').expect(200)).body;
    expect(stats.needingAttentionByStep).toEqual({ 'capture-payment': 1 });
    const series = await attentionSeries();
    expect(series).toHaveLength(1);
    expect(series[0]).toMatch(/type="order-fulfillment"/);
    expect(series[0]).toMatch(/step="capture-payment"/);
    expect(series[0]).toMatch(/ 1$/);

    processorDown = false;
    const done = await admin.waitForSaga(
      failing.sagaId,
      (saga: SagaBody) => saga.status === 'COMPLETED',
      'completed once the processor is back',
    );
    expect(done.attention).toBeNull();
    expect(await listed('needsAttention=true')).toEqual([]);
    expect((await get('/admin/stats').expect(200)).body.needingAttentionByStep).toEqual({});
    await pollUntil(async () => (await attentionSeries()).length === 0, {}, 'the gauge to drop the step');
  });

  it('refuses a needsAttention that is not true or false', async () => {
    for (const value of ['yes', '1', '', 'TRUE ']) {
      const response = await get(`/admin/sagas?needsAttention=${encodeURIComponent(value)}`).expect(400);
      expect(JSON.stringify(response.body.message)).toContain('needsAttention must be true or false');
    }
  });
});
