import { OrchestratorProcess, counterValue, startOrchestratorProcess } from '../test/orchestrator-process';
import {
  FleetInfrastructure,
  effectivelyOnceViolations,
  publishStarts,
  readTimelines,
  startFleetInfrastructure,
  startPayloads,
  waitForAllTerminal,
} from '../test/saga-fleet';

const SAGAS = 200;

describe('two orchestrator processes sharing one database and stream', () => {
  let fleet: FleetInfrastructure;
  let replicas: OrchestratorProcess[] = [];
  /** Every tenth saga retries its payment authorization, so deadlines fire on both replicas. */
  const retryingOrders = new Set<string>();

  beforeAll(async () => {
    fleet = await startFleetInfrastructure('replicas', (command) =>
      command.type === 'payment.authorize' &&
      command.attempt === 1 &&
      retryingOrders.has(String(command.payload.orderId))
        ? { outcome: 'TRANSIENT_FAILURE', error: { code: 'BUSY', message: 'try again' } }
        : { outcome: 'SUCCESS', delayMs: Math.floor(Math.random() * 5) },
    );
  });

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.kill('SIGTERM')));
    await fleet?.dispose();
  });

  it('splits the sagas between them and processes each one once', async () => {
    const env = {
      ...fleet.env,
      SAGA_RETRY_INITIAL_BACKOFF_MS: '20',
      SAGA_RETRY_MAX_BACKOFF_MS: '50',
      SAGA_DEADLINE_POLL_MS: '50',
      // Every stub answers; a step timeout would only mean a machine too busy to answer in time.
      SAGA_STEP_TIMEOUT_MS: '30000',
    };
    replicas = await Promise.all([startOrchestratorProcess(env), startOrchestratorProcess(env)]);
    const payloads = startPayloads(SAGAS);
    payloads.filter((_, i) => i % 10 === 0).forEach((payload) => retryingOrders.add(payload.orderId));

    await publishStarts(fleet.publisher, payloads);
    const finished = await waitForAllTerminal(fleet.client, SAGAS, `all ${SAGAS} sagas to finish`);

    expect(finished.filter((saga) => saga.status !== 'COMPLETED')).toEqual([]);
    const timelines = await readTimelines(fleet.client);
    expect(
      finished.flatMap((saga) => effectivelyOnceViolations(saga, timelines.get(saga.id) ?? [], fleet.stubs)),
    ).toEqual([]);
    expect(fleet.stubs.received.length).toBe(fleet.stubs.distinct().length);
    expect(fleet.stubs.distinct().length).toBe(SAGAS * 6 + retryingOrders.size);

    const metrics = await Promise.all(replicas.map((replica) => replica.metrics()));
    const started = metrics.map((text) => counterValue(text, 'saga_started_total'));
    const retries = metrics.map((text) => counterValue(text, 'saga_step_retries_total'));
    expect(started.every((count) => count > 0)).toBe(true);
    expect(started[0] + started[1]).toBe(SAGAS);
    expect(retries[0] + retries[1]).toBe(retryingOrders.size);
  });
});
