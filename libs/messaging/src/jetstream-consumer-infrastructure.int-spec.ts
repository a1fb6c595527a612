import { pollUntil, expectEventually } from '@test/support';
import { ConsumerHarness, Delivery, useConsumerSuite, widgetHandlers } from '../test/consumer-harness';
import { deadLettersFor, uniqueSubject, widgetMessage } from '../test/messaging-fixture';
import { InfrastructureGuard } from './infrastructure-guard';
import { JetStreamPublisher } from './jetstream-publisher';

/** What a database adapter reports: a failure whose `code` says the database is down. */
class DatabaseDown extends Error {
  readonly code = 'ECONNREFUSED';
}

/** A guard as the apps' database adapter is one: DatabaseDown is infrastructure, and reports an outage until `recover()`. */
function fakeDatabase() {
  let recover: () => void = () => undefined;
  let outage: Promise<void> | undefined;
  let waiting = 0;
  const guard: InfrastructureGuard = {
    isInfrastructureFailure: (error) => error instanceof DatabaseDown,
    failed: () => {
      outage ??= new Promise<void>((resolve) => (recover = resolve));
    },
    whenAvailable: async (signal) => {
      if (!outage) return;
      waiting += 1;
      await Promise.race([outage, new Promise((resolve) => signal.addEventListener('abort', resolve))]);
      waiting -= 1;
    },
  };
  return {
    guard,
    /** How many pull loops are parked waiting for the database. */
    waiting: () => waiting,
    recover: () => {
      outage = undefined;
      recover();
    },
  };
}

describe('JetStreamConsumer with an infrastructure guard', () => {
  const suite = useConsumerSuite();
  let publisher: JetStreamPublisher;
  let harness: ConsumerHarness;

  beforeEach(() => {
    ({ publisher, harness } = suite);
  });

  it('never dead-letters a message for infrastructure failures, however many deliveries they take', async () => {
    const subject = uniqueSubject();
    const durable = await harness.durable(subject, 2);
    const deliveries: Delivery[] = [];
    await harness.start(durable, {
      maxDeliver: 2,
      // an always-available guard, so the failures come one delivery after the other
      infrastructure: { ...fakeDatabase().guard, failed: () => undefined },
      handlers: widgetHandlers(deliveries, async (_envelope, context) => {
        if (context.deliveryCount <= 6) throw new DatabaseDown('connect ECONNREFUSED 127.0.0.1:5432');
      }),
    });

    await publisher.publish(widgetMessage(subject, { widgetId: 'w-1', quantity: 1 }));

    await pollUntil(
      () => harness.outcomes.some((o) => o.outcome === 'acked'),
      { timeoutMs: 30_000 },
      'the ack',
    );
    // past maxDeliver (2), and past what the server would allow if it counted on its own (3)
    expect(deliveries).toHaveLength(7);
    expect(deliveries[6].deliveryCount).toBe(7);
    expect(harness.outcomes.map((o) => o.outcome)).toEqual([...Array(6).fill('retried'), 'acked']);
    expect(await deadLettersFor(suite.nc, subject)).toHaveLength(0);
  });

  it('dead-letters a message that never settles once it has been delivered ten times its budget', async () => {
    const subject = uniqueSubject();
    const durable = await harness.durable(subject, 2);
    const deliveries: Delivery[] = [];
    await harness.start(durable, {
      maxDeliver: 1,
      infrastructure: { ...fakeDatabase().guard, failed: () => undefined },
      handlers: widgetHandlers(deliveries, async () => {
        throw new DatabaseDown('connect ECONNREFUSED 127.0.0.1:5432');
      }),
    });

    await publisher.publish(widgetMessage(subject, { widgetId: 'w-1', quantity: 1 }));

    await pollUntil(
      () => harness.outcomes.some((o) => o.outcome === 'dead-lettered'),
      { timeoutMs: 45_000 },
      'the dead letter',
    );
    // Handled on deliveries 1..10, dead-lettered unhandled on the 11th.
    expect(deliveries.map((d) => d.deliveryCount)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const [letter] = await deadLettersFor(suite.nc, subject);
    expect(letter.reason).toContain('delivered 11 times without being settled');
  }, 60_000);

  it('still dead-letters a bad message, counting only the deliveries that failed on it', async () => {
    const subject = uniqueSubject();
    const durable = await harness.durable(subject, 2);
    const deliveries: Delivery[] = [];
    await harness.start(durable, {
      maxDeliver: 2,
      infrastructure: { ...fakeDatabase().guard, failed: () => undefined },
      handlers: widgetHandlers(deliveries, async (_envelope, context) => {
        if (context.deliveryCount <= 3) throw new DatabaseDown('Connection terminated unexpectedly');
        throw new Error('quantity exceeds the press capacity');
      }),
    });

    await publisher.publish(widgetMessage(subject, { widgetId: 'w-2', quantity: 1 }));

    const [letter] = await pollUntil(async () => {
      const letters = await deadLettersFor(suite.nc, subject);
      return letters.length > 0 && letters;
    });
    expect(letter).toMatchObject({ reason: 'quantity exceeds the press capacity', deliveryCount: 5 });
    expect(deliveries.map((d) => d.deliveryCount)).toEqual([1, 2, 3, 4, 5]);
  });

  it('pulls nothing while the database is down, and everything once it is back', async () => {
    const subject = uniqueSubject();
    const durable = await harness.durable(subject);
    const database = fakeDatabase();
    const deliveries: Delivery[] = [];
    let down = true;
    await harness.start(durable, {
      infrastructure: database.guard,
      handlers: widgetHandlers(deliveries, async () => {
        if (down) throw new DatabaseDown('the database system is shutting down');
      }),
    });

    await publisher.publish(widgetMessage(subject, { widgetId: 'first', quantity: 1 }));
    await pollUntil(() => database.waiting() > 0, {}, 'the consumer to wait for the database');
    for (let i = 0; i < 5; i += 1)
      await publisher.publish(widgetMessage(subject, { widgetId: `w-${i}`, quantity: 1 }));

    // parked in whenAvailable: none of the five was pulled
    expect((await harness.consumerInfo(durable)).num_pending).toBeGreaterThanOrEqual(5);
    expect(deliveries).toHaveLength(1);

    down = false;
    database.recover();
    await pollUntil(
      () => harness.outcomes.filter((o) => o.outcome === 'acked').length === 6,
      { timeoutMs: 20_000 },
      'all six acked',
    );
    expect(await deadLettersFor(suite.nc, subject)).toHaveLength(0);
  });

  it('tells the server a slow handler is still working, so it is not delivered again meanwhile', async () => {
    const subject = uniqueSubject();
    const durable = await harness.durable(subject, 10, 1_000);
    const deliveries: Delivery[] = [];
    await harness.start(durable, {
      handlers: widgetHandlers(deliveries, () => new Promise((resolve) => setTimeout(resolve, 3_500))),
    });

    await publisher.publish(widgetMessage(subject, { widgetId: 'slow', quantity: 1 }));

    await pollUntil(() => harness.outcomes.length === 1, { timeoutMs: 15_000 }, 'the slow handler to finish');
    expect(harness.outcomes[0].outcome).toBe('acked');
    expect(deliveries).toHaveLength(1);
    await expectEventually(async () => expect((await harness.consumerInfo(durable)).num_redelivered).toBe(0));
  });
});
