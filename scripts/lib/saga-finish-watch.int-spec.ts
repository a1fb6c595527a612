import { randomUUID } from 'node:crypto';
import { NatsConnection, connect } from 'nats';
import { SagaFinishedEvent, type GetSagaByOrderResult } from '@app/contracts';
import { TestNatsServer, pollUntil, startNatsServer } from '@test/support';
import { FinishedSaga, SagaFinishWatch, SagaLookup, WatchedSaga } from './saga-finish-watch';

/** Far beyond every wait below: whatever these tests see early was announced by an event. */
const NO_SAFETY_POLL_MS = 60_000;
const FAR_DEADLINE = () => Date.now() + 55_000;

/** The orchestrator's answers to lookups, settable per order; counts how often each order was asked about. */
class FakeOrchestrator {
  readonly sagas = new Map<string, Pick<GetSagaByOrderResult, 'sagaId' | 'status'>>();
  readonly asked = new Map<string, number>();
  readonly lookup: SagaLookup = async (orderId) => {
    this.asked.set(orderId, (this.asked.get(orderId) ?? 0) + 1);
    const saga = this.sagas.get(orderId);
    return saga ? { ...saga, currentStep: null } : null;
  };
}

const newSaga = (): WatchedSaga => ({ orderId: randomUUID(), sagaId: randomUUID() });

describe('SagaFinishWatch', () => {
  let server: TestNatsServer;
  let publisher: NatsConnection;
  let orchestrator: FakeOrchestrator;
  let watch: SagaFinishWatch;

  beforeAll(async () => {
    server = await startNatsServer();
    publisher = await connect({ servers: server.url });
  });

  afterAll(async () => {
    await publisher.close();
    await server.dispose();
  });

  const open = async (safetyPollMs = NO_SAFETY_POLL_MS) => {
    orchestrator = new FakeOrchestrator();
    watch = await SagaFinishWatch.open(
      { servers: [server.url], streamReplicas: 1 },
      { safetyPollMs, lookup: orchestrator.lookup },
    );
  };

  afterEach(() => watch.close());

  const publish = async (body: string) => {
    publisher.publish(SagaFinishedEvent.subject, body);
    await publisher.flush();
  };
  const announce = (saga: WatchedSaga, status: string) =>
    publish(JSON.stringify({ sagaId: saga.sagaId, sagaType: 'order-fulfillment', status }));

  /** Starts waiting, and lets the test see the outcome as soon as there is one. */
  const waitFor = (saga: WatchedSaga, deadline = FAR_DEADLINE()) => {
    const outcome: { value?: FinishedSaga | undefined; settled: boolean } = { settled: false };
    void watch.finished(saga, deadline).then((value) => Object.assign(outcome, { value, settled: true }));
    return outcome;
  };

  /** Returns once the watch has handled every event published so far (they arrive in order). */
  const eventsSoFarHandled = async () => {
    const sentinel = newSaga();
    const outcome = waitFor(sentinel);
    await announce(sentinel, 'COMPLETED');
    await pollUntil(() => outcome.settled, { timeoutMs: 5_000 }, 'the sentinel event');
  };

  it('answers with the status the orchestrator announced, without asking it anything', async () => {
    await open();
    const saga = newSaga();
    const outcome = waitFor(saga);

    await announce(saga, 'COMPENSATED');

    await pollUntil(() => outcome.settled, { timeoutMs: 5_000 }, 'the announced end');
    expect(outcome.value).toMatchObject({ sagaId: saga.sagaId, status: 'COMPENSATED' });
    expect(orchestrator.asked.size).toBe(0);
  });

  it('counts an end announced before anyone waited for the saga', async () => {
    await open();
    const saga = newSaga();
    await announce(saga, 'FAILED');
    await eventsSoFarHandled();

    const outcome = waitFor(saga);

    await pollUntil(() => outcome.settled, { timeoutMs: 5_000 }, 'the early event to count');
    expect(outcome.value).toMatchObject({ status: 'FAILED' });
  });

  it('ignores malformed, oversized, non-terminal and other sagas’ events, and keeps listening after them', async () => {
    await open();
    const saga = newSaga();
    const outcome = waitFor(saga);

    await publish('not json');
    await publish(JSON.stringify({ saga: saga.sagaId, status: 'COMPLETED' }));
    await publish(JSON.stringify({ sagaId: 42, status: 'COMPLETED' }));
    await announce(saga, 'RUNNING');
    await publish(
      JSON.stringify({ sagaId: newSaga().sagaId, status: 'COMPLETED', padding: 'x'.repeat(500_000) }),
    );
    await announce(newSaga(), 'COMPLETED');
    await eventsSoFarHandled();
    expect(outcome.settled).toBe(false);

    await announce(saga, 'COMPLETED');

    await pollUntil(() => outcome.settled, { timeoutMs: 5_000 }, 'the valid event to wake the waiter');
    expect(outcome.value).toMatchObject({ status: 'COMPLETED' });
  });

  it('answers the first of two announcements of a saga’s end, and keeps listening', async () => {
    await open();
    const saga = newSaga();
    const outcome = waitFor(saga);

    await announce(saga, 'COMPLETED');
    await announce(saga, 'COMPLETED');

    await pollUntil(() => outcome.settled, { timeoutMs: 5_000 }, 'the saga to be seen COMPLETED');
    expect(outcome.value).toMatchObject({ status: 'COMPLETED' });
    await eventsSoFarHandled();
  });

  it('still finds a saga whose end it did not hear by looking it up now and then', async () => {
    await open(20);
    const saga = newSaga();
    orchestrator.sagas.set(saga.orderId, { sagaId: saga.sagaId, status: 'COMPENSATING' });
    const outcome = waitFor(saga);
    await pollUntil(
      () => (orchestrator.asked.get(saga.orderId) ?? 0) >= 2,
      { timeoutMs: 5_000 },
      'periodic looks',
    );

    orchestrator.sagas.set(saga.orderId, { sagaId: saga.sagaId, status: 'COMPENSATED' });

    await pollUntil(() => outcome.settled, { timeoutMs: 5_000 }, 'the saga to be seen COMPENSATED');
    expect(outcome.value).toMatchObject({ status: 'COMPENSATED' });
  });

  it('looks up every saga it waits for as soon as its connection comes back: events sent meanwhile were lost to it', async () => {
    await open();
    const [first, second] = [newSaga(), newSaga()];
    const outcomes = [waitFor(first), waitFor(second)];
    await eventsSoFarHandled();

    await server.stop();
    orchestrator.sagas.set(first.orderId, { sagaId: first.sagaId, status: 'COMPLETED' });
    orchestrator.sagas.set(second.orderId, { sagaId: second.sagaId, status: 'COMPENSATED' });
    await server.restart();

    await pollUntil(() => outcomes.every((outcome) => outcome.settled), { timeoutMs: 20_000 }, 'both sagas');
    expect(outcomes.map((outcome) => outcome.value?.status)).toEqual(['COMPLETED', 'COMPENSATED']);
    expect([orchestrator.asked.get(first.orderId), orchestrator.asked.get(second.orderId)]).toEqual([1, 1]);
  });

  it('gives up at the deadline for a saga that never ends, and for an order without a saga', async () => {
    await open(20);
    const running = newSaga();
    orchestrator.sagas.set(running.orderId, { sagaId: running.sagaId, status: 'RUNNING' });

    const [stillRunning, unknown] = await Promise.all([
      watch.finished(running, Date.now() + 200),
      watch.finished(newSaga(), Date.now() + 200),
    ]);

    expect(stillRunning).toBeUndefined();
    expect(unknown).toBeUndefined();
    expect(orchestrator.asked.get(running.orderId)).toBeGreaterThan(1);
  });
});
