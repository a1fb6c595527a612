import { randomUUID } from 'node:crypto';
import { NatsConnection, connect } from 'nats';
import { OrderApprovedEvent, OrderCancelledEvent, type GetSagaByOrderResult } from '@app/contracts';
import { TestNatsServer, pollUntil, startNatsServer } from '@test/support';
import { FinishedSaga, SagaFinishWatch, SagaLookup } from './saga-finish-watch';

/** Far beyond every wait below: whatever these tests see early was woken by an event. */
const NO_SAFETY_POLL_MS = 60_000;
const FAR_DEADLINE = () => Date.now() + 55_000;

/** The orchestrator's answers, settable per order; counts how often each order was asked about. */
class FakeOrchestrator {
  readonly statuses = new Map<string, GetSagaByOrderResult['status']>();
  readonly asked = new Map<string, number>();
  readonly lookup: SagaLookup = async (orderId) => {
    this.asked.set(orderId, (this.asked.get(orderId) ?? 0) + 1);
    const status = this.statuses.get(orderId);
    return status ? { sagaId: `saga-of-${orderId}`, status, currentStep: null } : null;
  };
}

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

  const publish = async (subject: string, body: string) => {
    publisher.publish(subject, body);
    await publisher.flush();
  };

  /** Returns once the watch has handled every event published so far on `subject` (they arrive in order). */
  const eventsSoFarHandled = async (subject: string) => {
    const sentinel = randomUUID();
    orchestrator.statuses.set(sentinel, 'COMPLETED');
    const outcome = waitFor(sentinel);
    await publish(subject, JSON.stringify({ orderId: sentinel }));
    await pollUntil(() => outcome.settled, { timeoutMs: 5_000 }, 'the sentinel event');
  };

  /** Starts waiting, and lets the test see the outcome as soon as there is one. */
  const waitFor = (orderId: string, deadline = FAR_DEADLINE()) => {
    const outcome: { value?: FinishedSaga | undefined; settled: boolean } = { settled: false };
    void watch.finished(orderId, deadline).then((value) => Object.assign(outcome, { value, settled: true }));
    return outcome;
  };

  it('looks at an order when its approval is announced, and again until the saga shows as ended', async () => {
    await open();
    const orderId = randomUUID();
    orchestrator.statuses.set(orderId, 'RUNNING');
    const outcome = waitFor(orderId);

    await publish(OrderApprovedEvent.subject, JSON.stringify({ orderId }));
    await pollUntil(() => (orchestrator.asked.get(orderId) ?? 0) >= 2, { timeoutMs: 5_000 }, 'a second look');
    orchestrator.statuses.set(orderId, 'COMPLETED');

    await pollUntil(() => outcome.settled, { timeoutMs: 5_000 }, 'the saga to be seen COMPLETED');
    expect(outcome.value).toMatchObject({ sagaId: `saga-of-${orderId}`, status: 'COMPLETED' });
  });

  it('is woken by a cancellation that arrived before anyone waited for the order', async () => {
    await open();
    const orderId = randomUUID();
    orchestrator.statuses.set(orderId, 'COMPENSATED');
    await publish(OrderCancelledEvent.subject, JSON.stringify({ orderId, reason: 'declined' }));
    await eventsSoFarHandled(OrderCancelledEvent.subject);

    const outcome = waitFor(orderId);

    await pollUntil(() => outcome.settled, { timeoutMs: 5_000 }, 'the early event to count');
    expect(outcome.value).toMatchObject({ status: 'COMPENSATED' });
  });

  it('ignores malformed, oversized and unrelated events, and keeps listening after them', async () => {
    await open();
    const orderId = randomUUID();
    orchestrator.statuses.set(orderId, 'COMPLETED');
    const outcome = waitFor(orderId);

    await publish(OrderApprovedEvent.subject, 'not json');
    await publish(OrderApprovedEvent.subject, JSON.stringify({ order: orderId }));
    await publish(OrderApprovedEvent.subject, JSON.stringify({ orderId: 42 }));
    await publish(
      OrderApprovedEvent.subject,
      JSON.stringify({ orderId: randomUUID(), padding: 'x'.repeat(500_000) }),
    );
    await publish(OrderApprovedEvent.subject, JSON.stringify({ orderId: randomUUID() }));
    await eventsSoFarHandled(OrderApprovedEvent.subject);
    expect(orchestrator.asked.get(orderId)).toBeUndefined();
    expect(outcome.settled).toBe(false);

    await publish(OrderApprovedEvent.subject, JSON.stringify({ orderId }));

    await pollUntil(() => outcome.settled, { timeoutMs: 5_000 }, 'the valid event to wake the waiter');
    expect(outcome.value).toMatchObject({ status: 'COMPLETED' });
  });

  it('answers once for an order whose event comes twice', async () => {
    await open();
    const orderId = randomUUID();
    orchestrator.statuses.set(orderId, 'COMPENSATED');
    const outcome = waitFor(orderId);

    await publish(OrderCancelledEvent.subject, JSON.stringify({ orderId, reason: 'declined' }));
    await publish(OrderCancelledEvent.subject, JSON.stringify({ orderId, reason: 'declined' }));

    await pollUntil(() => outcome.settled, { timeoutMs: 5_000 }, 'the saga to be seen COMPENSATED');
    expect(outcome.value).toMatchObject({ status: 'COMPENSATED' });
    expect(orchestrator.asked.get(orderId)).toBe(1);
  });

  it('still finds a saga that ends without an event (FAILED) by looking now and then', async () => {
    await open(20);
    const orderId = randomUUID();
    orchestrator.statuses.set(orderId, 'COMPENSATING');
    const outcome = waitFor(orderId);
    await pollUntil(
      () => (orchestrator.asked.get(orderId) ?? 0) >= 2,
      { timeoutMs: 5_000 },
      'periodic looks',
    );

    orchestrator.statuses.set(orderId, 'FAILED');

    await pollUntil(() => outcome.settled, { timeoutMs: 5_000 }, 'the saga to be seen FAILED');
    expect(outcome.value).toMatchObject({ status: 'FAILED' });
  });

  it('gives up at the deadline for a saga that never ends, and for an order without a saga', async () => {
    await open(20);
    const running = randomUUID();
    orchestrator.statuses.set(running, 'RUNNING');

    const [stillRunning, unknown] = await Promise.all([
      watch.finished(running, Date.now() + 200),
      watch.finished(randomUUID(), Date.now() + 200),
    ]);

    expect(stillRunning).toBeUndefined();
    expect(unknown).toBeUndefined();
    expect(orchestrator.asked.get(running)).toBeGreaterThan(1);
  });
});
