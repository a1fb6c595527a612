import { Metrics } from '@app/observability';
import { sampleSum } from '@app/observability/testing/prometheus-text';
import { expectEventually, pollUntil } from '@test/support';
import { ConsumerHarness, useConsumerSuite, Delivery, widgetHandlers } from '../test/consumer-harness';
import { uniqueSubject, widgetMessage } from '../test/messaging-fixture';
import { PermanentError, TransientError } from './errors';
import { JetStreamPublisher } from './jetstream-publisher';

describe('JetStreamConsumer metrics', () => {
  const suite = useConsumerSuite();
  let publisher: JetStreamPublisher;
  let harness: ConsumerHarness;
  let metrics: Metrics;

  beforeEach(() => {
    ({ publisher, harness } = suite);
    metrics = new Metrics();
  });

  const value = async (name: string, labels: Record<string, string>) =>
    sampleSum(await metrics.scrape(), name, labels);

  it('counts settled messages by known type and outcome, and dead letters by reason class', async () => {
    const subject = uniqueSubject();
    const durable = await harness.durable(subject, 2);
    const deliveries: Delivery[] = [];
    await harness.start(durable, {
      metrics,
      maxDeliver: 2,
      maxBodyBytes: 2_000,
      handlers: widgetHandlers(deliveries, async (envelope) => {
        if (envelope.payload.widgetId === 'refused') throw new PermanentError('no such widget');
        if (envelope.payload.widgetId === 'flaky') throw new TransientError('busy');
      }),
    });

    const headers = { 'message-type': 'test.widget.build', 'message-version': '1' };
    await publisher.publish(widgetMessage(subject, { widgetId: 'ok', quantity: 1 }));
    await publisher.publishRaw(subject, headers, '{"widgetId": "w-1", "quant', 'bad-json');
    await publisher.publishRaw(subject, { ...headers, 'message-type': 'made.up.type' }, '{}', 'odd-type');
    await publisher.publishRaw(subject, headers, `"${'x'.repeat(3_000)}"`, 'oversized');
    await publisher.publish(widgetMessage(subject, { widgetId: 'refused', quantity: 1 }));
    await publisher.publish(widgetMessage(subject, { widgetId: 'flaky', quantity: 1 }));

    const consumer = { consumer: durable };
    await expectEventually(async () => {
      expect(await value('messaging_dead_letters_total', { ...consumer, reason: 'invalid' })).toBe(3);
      expect(await value('messaging_dead_letters_total', { ...consumer, reason: 'rejected' })).toBe(1);
      expect(await value('messaging_dead_letters_total', { ...consumer, reason: 'exhausted' })).toBe(1);
    });
    const handled = (type: string, outcome: string) =>
      value('messaging_messages_total', { ...consumer, type, outcome });
    expect(await handled('test.widget.build', 'acked')).toBe(1);
    expect(await handled('test.widget.build', 'retried')).toBe(1);
    expect(await handled('test.widget.build', 'dead-lettered')).toBe(2);
    expect(await handled('invalid', 'dead-lettered')).toBe(3);
    // A type nobody handles is not a label value: any sender could invent one.
    expect(await metrics.scrape()).not.toContain('made.up.type');
  });

  it('reads the backlog and the unacknowledged deliveries from the server on each scrape', async () => {
    const subject = uniqueSubject();
    const durable = await harness.durable(subject);
    const deliveries: Delivery[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const consumer = await harness.start(durable, {
      metrics,
      concurrency: 2,
      handlers: widgetHandlers(deliveries, () => gate),
    });
    for (let i = 0; i < 5; i++)
      await publisher.publish(widgetMessage(subject, { widgetId: `w-${i}`, quantity: 1 }));

    const labels = { stream: 'SAGA_COMMANDS', consumer: durable };
    await pollUntil(() => deliveries.length === 2, {}, 'two handlers to hold their messages');
    await expectEventually(async () => {
      expect(await value('messaging_consumer_ack_pending', labels)).toBe(2);
      expect(await value('messaging_consumer_pending', labels)).toBe(3);
    });

    release();
    await expectEventually(async () => {
      expect(await value('messaging_consumer_ack_pending', labels)).toBe(0);
      expect(await value('messaging_consumer_pending', labels)).toBe(0);
    });

    await consumer.stop();
    expect(await value('messaging_consumer_pending', labels)).toBeUndefined();
    expect(await value('messaging_consumer_ack_pending', labels)).toBeUndefined();
  });
});
