import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { pollUntil } from '@test/support';
import { OrchestratorHarness, startOrchestratorHarness } from '../../test/orchestrator-harness';

/** Short enough for a test; the same code runs with the 24 h default. */
const KEY_TTL_MS = 1_500;

describe('Idempotency-Key lifetime in the orchestrator', () => {
  let harness: OrchestratorHarness;

  beforeAll(async () => {
    harness = await startOrchestratorHarness('idempotency_lifetime', undefined, {
      idempotencyKeyTtlMs: KEY_TTL_MS,
    });
  });
  afterAll(() => harness.stop());

  const sagaIdsWithKey = async (key: string) =>
    (
      (await harness.database.dataSource.query(
        `SELECT "id" FROM "orchestrator"."saga_instance" WHERE "idempotency_key" = $1`,
        [key],
      )) as Array<{ id: string }>
    ).map((row) => row.id);

  it('refuses a second saga within the lifetime, and starts one that runs after it', async () => {
    const key = `key-${randomUUID()}`;
    const first = harness.startPayload({ idempotencyKey: key });
    const firstSentAt = Date.now();
    await harness.publishStart(first);
    expect((await harness.waitForTerminal(first.sagaId)).instance.status).toBe('COMPLETED');

    const within = harness.startPayload({ idempotencyKey: key });
    await harness.publishStart(within);
    await pollUntil(async () =>
      (await harness.orchestrator.runtime.get(first.sagaId))?.timeline.some(
        (entry) => entry.kind === 'duplicate-start' && entry.detail.requestedSagaId === within.sagaId,
      ),
    );
    expect(await harness.orchestrator.runtime.get(within.sagaId)).toBeUndefined();

    // The lifetime's own length: the key is new once it has passed.
    await delay(Math.max(0, firstSentAt + KEY_TTL_MS + 100 - Date.now()));
    const after = harness.startPayload({ idempotencyKey: key });
    await harness.publishStart(after);

    const saga = await harness.waitForTerminal(after.sagaId);
    expect(saga.instance.status).toBe('COMPLETED');
    expect(
      harness.stubs.distinct().filter((command) => command.sagaId === after.sagaId).length,
    ).toBeGreaterThan(0);
    expect(await sagaIdsWithKey(key)).toEqual([after.sagaId]);
    // The first saga is still there, only its key was released.
    expect((await harness.orchestrator.runtime.get(first.sagaId))?.instance.status).toBe('COMPLETED');
  });
});
