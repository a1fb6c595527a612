import { Pool, type PoolClient, type QueryConfig, type QueryResult } from 'pg';
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

  it('reads a saga and its timeline in one snapshot, even when the saga moves on in between', async () => {
    const payload = harness.startPayload();
    let answerCreate!: () => void;
    const createAnswered = new Promise<void>((resolve) => (answerCreate = resolve));
    harness.scripts.set(payload.orderId, async (): Promise<StubAnswer> => {
      await createAnswered;
      return { outcome: 'SUCCESS' };
    });
    await harness.publishStart(payload);
    await pollUntil(() => harness.stubs.received.some((command) => command.sagaId === payload.sagaId));

    const readerPool = new Pool({ connectionString: harness.database.db.url, max: 1 });
    const paused = pauseAfterStatement(readerPool, `saga-batch-load:`);
    try {
      const reader = new SagaRuntime({
        pool: readerPool,
        registry: harness.orchestrator.runtime.registry,
        starts: [],
      });
      const details = reader.get(payload.sagaId);
      await paused.reached;
      // Between the state's read and the timeline's, another replica aborts the saga.
      await expect(other.abort(payload.sagaId, 'between the two reads')).resolves.toMatchObject({
        outcome: 'applied',
      });
      paused.release();

      const { instance, timeline } = (await details)!;
      expect(instance.status).toBe('RUNNING');
      expect(timeline.map((entry) => entry.kind)).not.toContain('operator-abort');
    } finally {
      paused.release();
      answerCreate();
      await readerPool.end();
    }
    await harness.waitForTerminal(payload.sagaId);
  });
});

type Answered = (error: Error | undefined, result: QueryResult | undefined) => void;
type Connected = (error: Error | undefined, client: PoolClient | undefined, done: () => void) => void;

/** Holds the first statement whose prepared name starts with `namePrefix`, once it has run, until `release()`. */
function pauseAfterStatement(pool: Pool, namePrefix: string): { reached: Promise<void>; release(): void } {
  let reachedIt!: () => void;
  let release!: () => void;
  const reached = new Promise<void>((resolve) => (reachedIt = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  let armed = true;
  const connect = pool.connect.bind(pool) as () => Promise<PoolClient>;
  const connectPausing = async () => {
    const client = await connect();
    const query = client.query.bind(client) as (
      config: QueryConfig,
      values?: unknown[],
    ) => Promise<QueryResult>;
    const pausing = async (config: QueryConfig, values?: unknown[]) => {
      const result = await query(config, values);
      if (armed && config.name?.startsWith(namePrefix)) {
        armed = false;
        reachedIt();
        await released;
      }
      return result;
    };
    // Promise callers pass (config) or (text, values); pool.query passes (config, values, callback).
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const callback = typeof args[args.length - 1] === 'function' ? (args.pop() as Answered) : undefined;
      const config: QueryConfig = typeof args[0] === 'string' ? { text: args[0] } : (args[0] as QueryConfig);
      const outcome = pausing(config, args[1] as unknown[] | undefined);
      if (!callback) return outcome;
      outcome.then(
        (result) => callback(undefined, result),
        (error: Error) => callback(error, undefined),
      );
      return undefined;
    };
    return client;
  };
  // pool.query connects with a callback, pool.connect() callers with a promise.
  (pool as unknown as { connect: (callback?: Connected) => Promise<PoolClient> | void }).connect = (
    callback,
  ) => {
    if (!callback) return connectPausing();
    connectPausing().then(
      (client) => callback(undefined, client, () => client.release()),
      (error: Error) => callback(error, undefined, () => undefined),
    );
  };
  return { reached, release };
}
