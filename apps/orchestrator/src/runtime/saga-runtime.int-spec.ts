import { Pool } from 'pg';
import type { StubAnswer } from '@test/support';
import { pollUntil } from '@test/support';
import { OrchestratorHarness, startOrchestratorHarness } from '../../test/orchestrator-harness';
import { SagaRuntime } from './saga-runtime';

describe('SagaRuntime beside another replica', () => {
  let harness: OrchestratorHarness;
  let otherPool: Pool;
  let other: SagaRuntime;

  beforeAll(async () => {
    harness = await startOrchestratorHarness('saga_runtime_replica');
    otherPool = new Pool({ connectionString: harness.database.db.url, max: 2 });
    other = new SagaRuntime({ pool: otherPool, registry: harness.orchestrator.runtime.registry, starts: [] });
  });

  afterAll(async () => {
    await otherPool.end();
    await harness.stop();
  });

  it('applies a reply to the saga as another replica left it, not as this process last wrote it', async () => {
    const payload = harness.startPayload();
    let answerCreate!: () => void;
    const createAnswered = new Promise<void>((resolve) => (answerCreate = resolve));
    harness.scripts.set(payload.orderId, async (command): Promise<StubAnswer> => {
      if (command.type === 'order.create') await createAnswered;
      return { outcome: 'SUCCESS' };
    });
    await harness.publishStart(payload);
    await pollUntil(() => harness.stubs.received.some((command) => command.sagaId === payload.sagaId));

    // This process wrote the saga last (its start); the other replica moves it on.
    await expect(other.abort(payload.sagaId, 'operator on another replica')).resolves.toMatchObject({
      outcome: 'applied',
      status: 'COMPENSATING',
    });
    answerCreate();

    const saga = await harness.waitForTerminal(payload.sagaId);
    expect(saga.instance.status).toBe('COMPENSATED');
    const sent = harness.stubs.received.filter((command) => command.sagaId === payload.sagaId);
    expect(sent.map((command) => command.type)).toEqual(['order.create', 'order.cancel']);
  });
});
