import { isTerminal, type SagaStatus } from '@app/saga-core';
import { pollUntil } from '@test/support';
import { OrchestratorProcess, startOrchestratorProcess } from '../test/orchestrator-process';
import {
  FleetInfrastructure,
  effectivelyOnceViolations,
  publishStarts,
  readSagas,
  readTimelines,
  startFleetInfrastructure,
  startPayloads,
  waitForAllTerminal,
} from '../test/saga-fleet';

const SAGAS = 200;
const FORWARD = [
  'order.create',
  'inventory.reserve',
  'payment.authorize',
  'shipping.schedule',
  'payment.capture',
  'order.approve',
];

describe('orchestrator crash recovery (child process, SIGKILL)', () => {
  let fleet: FleetInfrastructure;
  let orchestrator: OrchestratorProcess | undefined;
  /** Orders whose first `order.approve` is never answered: only a step timeout moves them on. */
  const lostReplyOrders = new Set<string>();

  beforeAll(async () => {
    fleet = await startFleetInfrastructure('crash', async (command) => {
      if (
        command.type === 'order.approve' &&
        command.attempt === 1 &&
        lostReplyOrders.has(String(command.payload.orderId))
      ) {
        return 'no-reply';
      }
      // A little latency keeps many sagas in flight when the orchestrator is killed.
      return { outcome: 'SUCCESS', delayMs: Math.floor(Math.random() * 20) };
    });
  });

  afterAll(async () => {
    await orchestrator?.kill('SIGKILL');
    await fleet?.dispose();
  });

  const env = () => ({
    ...fleet.env,
    SAGA_STEP_TIMEOUT_MS: '8000',
    SAGA_DEADLINE_POLL_MS: '100',
  });

  it('finishes every saga after a SIGKILL mid-flight, with one effect per (order, action)', async () => {
    orchestrator = await startOrchestratorProcess(env());
    const payloads = startPayloads(SAGAS);
    payloads.slice(0, 10).forEach((payload) => lostReplyOrders.add(payload.orderId));
    await publishStarts(fleet.publisher, payloads);

    await pollUntil(
      () => fleet.stubs.distinct().length >= SAGAS * 2,
      { timeoutMs: 30_000 },
      'sagas to be in flight',
    );
    await orchestrator.kill('SIGKILL');

    const atCrash = await readSagas(fleet.client);
    const inFlight = atCrash.filter((saga) => !isTerminal(saga.status as SagaStatus));
    expect(inFlight.length).toBeGreaterThan(0);
    // The recovery claim: a saga that is not finished always waits on a deadline.
    expect(inFlight.filter((saga) => saga.nextDeadlineAt === null)).toEqual([]);

    orchestrator = await startOrchestratorProcess(env());
    const finished = await waitForAllTerminal(
      fleet.client,
      SAGAS,
      `all ${SAGAS} sagas to finish after the restart`,
    );

    expect(finished.map((saga) => saga.id).sort()).toEqual(payloads.map((payload) => payload.sagaId).sort());
    expect(finished.filter((saga) => saga.status !== 'COMPLETED')).toEqual([]);
    const timelines = await readTimelines(fleet.client);
    expect(
      finished.flatMap((saga) => effectivelyOnceViolations(saga, timelines.get(saga.id) ?? [], fleet.stubs)),
    ).toEqual([]);

    for (const saga of finished) {
      const expected = FORWARD.map((type) =>
        type === 'order.approve' && lostReplyOrders.has(saga.orderId) ? 2 : 1,
      );
      expect([saga.id, FORWARD.map((type) => fleet.stubs.timesSeen(type, saga.orderId))]).toEqual([
        saga.id,
        expected,
      ]);
    }
    const { rows } = await fleet.client.query(
      `SELECT count(*)::int AS "pending" FROM "orchestrator"."outbox"`,
    );
    expect(rows[0].pending).toBe(0);
  });
});
