import { expectEventually, pollUntil } from '@test/support';
import { ConsumerHarness, useConsumerSuite, Delivery, widgetHandlers } from '../test/consumer-harness';
import { uniqueSubject, widgetMessage } from '../test/messaging-fixture';
import { JetStreamPublisher } from './jetstream-publisher';

describe('JetStreamConsumer instances, concurrency and shutdown', () => {
  const suite = useConsumerSuite();
  let publisher: JetStreamPublisher;
  let harness: ConsumerHarness;

  beforeEach(() => {
    ({ publisher, harness } = suite);
  });

  const publishWidgets = (subject: string, count: number) =>
    publisher.publishBatch(
      Array.from({ length: count }, (_, i) => widgetMessage(subject, { widgetId: `w-${i}`, quantity: 1 })),
    );

  it('shares 1,000 messages between two instances of one durable, each processed exactly once', async () => {
    const subject = uniqueSubject();
    const durable = await harness.durable(subject);
    const first: Delivery[] = [];
    const second: Delivery[] = [];
    const yieldABit = () => new Promise<void>((resolve) => setImmediate(resolve));
    await harness.start(durable, { handlers: widgetHandlers(first, yieldABit), concurrency: 8 });
    await harness.start(durable, { handlers: widgetHandlers(second, yieldABit), concurrency: 8 });

    await publishWidgets(subject, 1_000);

    await pollUntil(() => first.length + second.length >= 1_000, { timeoutMs: 30_000 }, '1,000 deliveries');
    await expectEventually(async () => expect((await harness.consumerInfo(durable)).num_ack_pending).toBe(0));
    const ids = [...first, ...second].map((d) => d.envelope.payload.widgetId);
    expect(ids).toHaveLength(1_000);
    expect(new Set(ids).size).toBe(1_000);
    expect(first.length).toBeGreaterThan(0);
    expect(second.length).toBeGreaterThan(0);
    // Under load a delivery can reach a pull request the client has already given up on (nats.js
    // ends a fetch 5% after its expiry); the client drops it and the server redelivers it after the
    // ack wait. Each message is still handled exactly once (above); a redelivery stays a rare event:
    // 16 of 1,000 were seen on a CI machine loaded by a second platform, while a consumer that
    // stopped acking would see all of them come back.
    const redelivered = [...first, ...second].filter((d) => d.deliveryCount > 1);
    expect(redelivered.length).toBeLessThanOrEqual(50);
  });

  it('never runs more handlers at once than its concurrency', async () => {
    const subject = uniqueSubject();
    const durable = await harness.durable(subject);
    const deliveries: Delivery[] = [];
    let running = 0;
    let maxRunning = 0;
    await harness.start(durable, {
      concurrency: 5,
      handlers: widgetHandlers(deliveries, async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        await new Promise((resolve) => setTimeout(resolve, 15));
        running--;
      }),
    });

    await publishWidgets(subject, 60);

    await pollUntil(() => deliveries.length === 60, { timeoutMs: 30_000 }, '60 deliveries');
    expect(maxRunning).toBe(5);
    // The server never handed this instance more than it had free slots for.
    expect((await harness.consumerInfo(durable)).num_redelivered).toBe(0);
  });

  it('finishes and acks the handlers in flight on stop(), and a new instance carries on without redelivery', async () => {
    const subject = uniqueSubject();
    const durable = await harness.durable(subject);
    const total = 20;
    const releaseHandlers: Array<() => void> = [];
    const completedBeforeStop: Delivery[] = [];
    const firstInstance = await harness.start(durable, {
      concurrency: 4,
      handlers: widgetHandlers(
        completedBeforeStop,
        () => new Promise<void>((resolve) => releaseHandlers.push(resolve)),
      ),
    });

    await publishWidgets(subject, total);
    await pollUntil(() => releaseHandlers.length === 4, {}, 'four handlers in flight');

    let stopped = false;
    const stopping = firstInstance.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toBe(false); // waiting for the handlers in flight
    releaseHandlers.splice(0).forEach((release) => release());
    await stopping;

    expect(completedBeforeStop).toHaveLength(4);
    const afterStop = await harness.consumerInfo(durable);
    expect(afterStop.num_ack_pending).toBe(0);
    expect(afterStop.num_pending).toBe(total - 4);

    const rest: Delivery[] = [];
    await harness.start(durable, { handlers: widgetHandlers(rest) });
    await pollUntil(() => rest.length === total - 4, {}, 'the remaining messages');
    const processed = [...completedBeforeStop, ...rest].map((d) => d.envelope.payload.widgetId);
    expect(new Set(processed).size).toBe(total);
    expect(rest.every((d) => d.deliveryCount === 1)).toBe(true);
    await expectEventually(async () => expect((await harness.consumerInfo(durable)).num_ack_pending).toBe(0));
  });

  it('stops promptly while waiting on an empty stream', async () => {
    const durable = await harness.durable(uniqueSubject());
    const idle = await harness.start(durable, { handlers: widgetHandlers([]), pullExpiresMs: 30_000 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    let stopped = false;
    const stopping = idle.stop().then(() => (stopped = true));
    await pollUntil(
      () => stopped,
      { timeoutMs: 2_000 },
      'stop() to return without waiting for the pull to expire',
    );
    await stopping;
  });
});
