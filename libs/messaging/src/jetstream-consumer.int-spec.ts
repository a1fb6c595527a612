import { NatsConnection, connect } from 'nats';
import { expectEventually, pollUntil } from '@test/support';
import { ConsumerHarness, useConsumerSuite, Delivery, widgetHandlers } from '../test/consumer-harness';
import { deadLettersFor, uniqueSubject, widgetMessage } from '../test/messaging-fixture';
import { afterAcknowledgement } from './after-acknowledgement';
import { PermanentError, TransientError } from './errors';
import { JetStreamConsumer } from './jetstream-consumer';
import { JetStreamPublisher } from './jetstream-publisher';
import { ensureStreams } from './streams';

describe('JetStreamConsumer', () => {
  const suite = useConsumerSuite();
  let nc: NatsConnection;
  let publisher: JetStreamPublisher;
  let harness: ConsumerHarness;

  beforeEach(() => {
    ({ nc, publisher, harness } = suite);
  });

  it('hands a valid message to its handler with the envelope, then acks it', async () => {
    const subject = uniqueSubject();
    const durable = await harness.durable(subject);
    const deliveries: Delivery[] = [];
    await harness.start(durable, { handlers: widgetHandlers(deliveries) });

    const message = widgetMessage(subject, { widgetId: 'w-1', quantity: 2 }, { sagaId: 'saga-1' });
    await publisher.publish(message);

    await pollUntil(() => deliveries.length === 1, {}, 'the delivery');
    expect(deliveries[0].envelope).toMatchObject({
      subject,
      messageId: message.messageId,
      type: 'test.widget.build',
      version: 1,
      sagaId: 'saga-1',
      correlationId: message.correlationId,
      payload: { widgetId: 'w-1', quantity: 2 },
    });
    expect(deliveries[0].deliveryCount).toBe(1);
    await expectEventually(async () => {
      const info = await harness.consumerInfo(durable);
      expect(info.num_pending).toBe(0);
      expect(info.num_ack_pending).toBe(0);
      expect(info.num_redelivered).toBe(0);
    });
    expect(harness.outcomes).toEqual([{ type: 'test.widget.build', outcome: 'acked' }]);
  });

  it('delivers a message published twice with the same id once', async () => {
    const subject = uniqueSubject();
    const durable = await harness.durable(subject);
    const deliveries: Delivery[] = [];
    await harness.start(durable, { handlers: widgetHandlers(deliveries) });

    const message = widgetMessage(subject, { widgetId: 'w-1', quantity: 1 });
    await publisher.publish(message);
    await publisher.publish(message);
    const marker = widgetMessage(subject, { widgetId: 'marker', quantity: 1 });
    await publisher.publish(marker);

    await pollUntil(
      () => deliveries.some((d) => d.envelope.messageId === marker.messageId),
      {},
      'the marker',
    );
    expect(deliveries.map((d) => d.envelope.payload.widgetId)).toEqual(['w-1', 'marker']);
  });

  it('redelivers after a TransientError with growing delays, until the handler succeeds', async () => {
    const subject = uniqueSubject();
    const durable = await harness.durable(subject);
    const deliveries: Delivery[] = [];
    await harness.start(durable, {
      backoff: { initialMs: 150, multiplier: 4, maxMs: 5_000, jitter: false },
      handlers: widgetHandlers(deliveries, async (_envelope, context) => {
        if (context.deliveryCount < 3) throw new TransientError('dependency unavailable');
      }),
    });

    await publisher.publish(widgetMessage(subject, { widgetId: 'w-1', quantity: 1 }));

    await pollUntil(() => harness.outcomes.some((o) => o.outcome === 'acked'), {}, 'the successful delivery');
    expect(deliveries.map((d) => d.deliveryCount)).toEqual([1, 2, 3]);
    const [first, second, third] = deliveries.map((d) => d.at);
    // Nak delays of 150 ms then 600 ms: the second wait is clearly the longer one.
    expect(second - first).toBeGreaterThanOrEqual(140);
    expect(third - second).toBeGreaterThan(second - first);
    expect(harness.outcomes.map((o) => o.outcome)).toEqual(['retried', 'retried', 'acked']);
    expect(harness.logger.lines).toContainEqual(
      expect.stringContaining('failed on delivery 1 of 10: dependency unavailable'),
    );
    expect(await deadLettersFor(nc, subject)).toEqual([]);
  });

  it("starts work a handler deferred with afterAcknowledgement once the message is settled, acked or nak'ed", async () => {
    const subject = uniqueSubject();
    const durable = await harness.durable(subject);
    const events: string[] = [];
    await harness.start(durable, {
      backoff: { initialMs: 50, multiplier: 1, maxMs: 50, jitter: false },
      handlers: widgetHandlers([], async (_envelope, { deliveryCount }) => {
        await afterAcknowledgement(async () => {
          events.push(`deferred by delivery ${deliveryCount}`);
        });
        events.push(`handler ${deliveryCount} returns`);
        if (deliveryCount === 1) throw new TransientError('committed, then failed');
      }),
    });

    await publisher.publish(widgetMessage(subject, { widgetId: 'w-1', quantity: 1 }));

    await pollUntil(() => events.length === 4, {}, 'two deliveries and their deferred work');
    expect(events).toEqual([
      'handler 1 returns',
      'deferred by delivery 1',
      'handler 2 returns',
      'deferred by delivery 2',
    ]);
    expect(harness.outcomes.map((o) => o.outcome)).toEqual(['retried', 'acked']);
  });

  it('dead-letters malformed, invalid, oversized and unknown messages with their reason, and keeps flowing', async () => {
    const subject = uniqueSubject();
    const durable = await harness.durable(subject);
    const deliveries: Delivery[] = [];
    await harness.start(durable, { handlers: widgetHandlers(deliveries), maxBodyBytes: 2_000 });

    const headers = { 'message-type': 'test.widget.build', 'message-version': '1' };
    await publisher.publishRaw(subject, headers, '{"widgetId": "w-1", "quant', 'bad-json');
    await publisher.publish(widgetMessage(subject, { quantity: 1 }, { messageId: 'missing-field' }));
    await publisher.publish(
      widgetMessage(
        subject,
        { widgetId: 'w', quantity: 1 },
        { messageId: 'unknown-type', type: 'test.gadget' },
      ),
    );
    await publisher.publish(
      widgetMessage(subject, { widgetId: 'w', quantity: 1 }, { messageId: 'future-version', version: 2 }),
    );
    await publisher.publish(
      widgetMessage(
        subject,
        { widgetId: 'w', quantity: 1, note: 'x'.repeat(3_000) },
        { messageId: 'oversized' },
      ),
    );
    const valid = widgetMessage(subject, { widgetId: 'after', quantity: 1 });
    await publisher.publish(valid);

    await pollUntil(() => deliveries.length === 1, {}, 'the valid message');
    expect(deliveries[0].envelope.messageId).toBe(valid.messageId);
    const letters = await pollUntil(
      async () => {
        const found = await deadLettersFor(nc, subject);
        return found.length === 5 && found;
      },
      {},
      'five dead letters',
    );
    const reasons = Object.fromEntries(
      letters.map((letter) => [letter.headers['Nats-Msg-Id'], letter.reason]),
    );
    expect(reasons).toEqual({
      'bad-json': expect.stringContaining('body is not valid JSON'),
      'missing-field': expect.stringMatching(
        /^invalid test\.widget\.build payload: .*widgetId must be a string/,
      ),
      'unknown-type': "no handler for message type 'test.gadget'",
      'future-version': 'test.widget.build version 2 is not supported (expected 1)',
      oversized: expect.stringMatching(/^body of \d+ bytes exceeds the limit of 2000 bytes$/),
    });
    const badJson = letters.find((letter) => letter.headers['Nats-Msg-Id'] === 'bad-json');
    expect(badJson).toMatchObject({
      originalSubject: subject,
      payload: '{"widgetId": "w-1", "quant',
      deliveryCount: 1,
      consumer: durable,
      headers: { 'message-type': 'test.widget.build', 'message-version': '1', 'Nats-Msg-Id': 'bad-json' },
    });
    await expectEventually(async () => expect((await harness.consumerInfo(durable)).num_ack_pending).toBe(0));
  });

  it('dead-letters a PermanentError at once', async () => {
    const subject = uniqueSubject();
    const durable = await harness.durable(subject);
    const deliveries: Delivery[] = [];
    await harness.start(durable, {
      handlers: widgetHandlers(deliveries, async () => {
        throw new PermanentError('widget w-1 was discontinued');
      }),
    });

    await publisher.publish(widgetMessage(subject, { widgetId: 'w-1', quantity: 1 }));

    const [letter] = await pollUntil(
      async () => (await deadLettersFor(nc, subject)).length === 1 && deadLettersFor(nc, subject),
    );
    expect(letter).toMatchObject({ reason: 'widget w-1 was discontinued', deliveryCount: 1 });
    expect(deliveries).toHaveLength(1);
  });

  it('dead-letters a message that fails maxDeliver times, and goes on with the next', async () => {
    const subject = uniqueSubject();
    const durable = await harness.durable(subject, 3);
    const deliveries: Delivery[] = [];
    await harness.start(durable, {
      maxDeliver: 3,
      handlers: widgetHandlers(deliveries, async (envelope) => {
        if (envelope.payload.widgetId === 'cursed') throw new Error('the widget press jammed');
      }),
    });

    const cursed = widgetMessage(subject, { widgetId: 'cursed', quantity: 1 }, { sagaId: 'saga-7' });
    await publisher.publish(cursed);
    const [letter] = await pollUntil(async () => {
      const letters = await deadLettersFor(nc, subject);
      return letters.length > 0 && letters;
    });
    expect(letter).toMatchObject({ reason: 'the widget press jammed', deliveryCount: 3, consumer: durable });
    expect(letter.headers['saga-id']).toBe('saga-7');
    expect(deliveries.map((d) => d.deliveryCount)).toEqual([1, 2, 3]);

    await publisher.publish(widgetMessage(subject, { widgetId: 'fine', quantity: 1 }));
    await pollUntil(
      () => deliveries.some((d) => d.envelope.payload.widgetId === 'fine'),
      {},
      'the next message',
    );
    await expectEventually(async () => expect((await harness.consumerInfo(durable)).num_ack_pending).toBe(0));
    expect(await deadLettersFor(nc, subject)).toHaveLength(1);
  });

  it('hands over messages out of order as they come, each with its own occurredAt', async () => {
    const subject = uniqueSubject();
    const durable = await harness.durable(subject);
    const deliveries: Delivery[] = [];
    // Both are stored before the consumer starts: the order below is the consumer's doing alone.
    await publisher.publish(
      widgetMessage(subject, { widgetId: 'older', quantity: 1 }, { occurredAt: '2025-01-01T00:00:00.000Z' }),
    );
    await publisher.publish(
      widgetMessage(subject, { widgetId: 'newer', quantity: 1 }, { occurredAt: '2025-01-02T00:00:00.000Z' }),
    );

    await harness.start(durable, {
      concurrency: 1,
      // With jitter, as in production: a failed message comes back no sooner than half the backoff.
      backoff: { initialMs: 1_000 },
      handlers: widgetHandlers(deliveries, async (envelope, context) => {
        if (envelope.payload.widgetId === 'older' && context.deliveryCount === 1)
          throw new TransientError('later');
      }),
    });

    await pollUntil(
      () => harness.outcomes.filter((o) => o.outcome === 'acked').length === 2,
      {},
      'both acked',
    );
    const acked = deliveries.filter(
      (d) => !(d.envelope.payload.widgetId === 'older' && d.deliveryCount === 1),
    );
    expect(acked.map((d) => [d.envelope.payload.widgetId, d.envelope.occurredAt])).toEqual([
      ['newer', '2025-01-02T00:00:00.000Z'],
      ['older', '2025-01-01T00:00:00.000Z'],
    ]);
  });

  it('never lets a throwing onOutcome hook or a handler rejection with a non-error escape', async () => {
    const subject = uniqueSubject();
    const durable = await harness.durable(subject, 2);
    const deliveries: Delivery[] = [];
    await harness.start(durable, {
      maxDeliver: 2,
      onOutcome: () => {
        throw new Error('metrics are down');
      },
      handlers: widgetHandlers(deliveries, () => Promise.reject('a bare string')),
    });

    await publisher.publish(widgetMessage(subject, { widgetId: 'w', quantity: 1 }));
    const [letter] = await pollUntil(async () => {
      const letters = await deadLettersFor(nc, subject);
      return letters.length > 0 && letters;
    });
    expect(letter).toMatchObject({ reason: 'a bare string', deliveryCount: 2 });
    expect(harness.logger.lines).toContainEqual('error: onOutcome hook failed: metrics are down');
  });

  it('refuses to start on a consumer that does not exist', async () => {
    await expect(harness.start('no-such-durable', {})).rejects.toThrow(
      'JetStream consumer SAGA_COMMANDS/no-such-durable is not available: consumer not found',
    );
  });

  it('resumes after the server restarts', async () => {
    const subject = uniqueSubject();
    const durable = await harness.durable(subject);
    const deliveries: Delivery[] = [];
    await harness.start(durable, { handlers: widgetHandlers(deliveries) });
    await publisher.publish(widgetMessage(subject, { widgetId: 'before', quantity: 1 }));
    await pollUntil(() => deliveries.length === 1, {}, 'the first message');

    await suite.fixture.server.restart();
    const impatient = new JetStreamPublisher(nc, { timeoutMs: 300 });
    await pollUntil(
      () =>
        impatient
          .publish(widgetMessage(subject, { widgetId: 'after', quantity: 1 }, { messageId: 'after-restart' }))
          .then(() => true)
          .catch(() => false),
      { timeoutMs: 30_000, intervalMs: 200 },
      'JetStream to accept publishes again',
    );

    await pollUntil(
      () => deliveries.some((d) => d.envelope.payload.widgetId === 'after'),
      { timeoutMs: 30_000 },
      'delivery after the restart',
    );
    expect(deliveries.filter((d) => d.envelope.payload.widgetId === 'after')).toHaveLength(1);
  });

  it('keeps a message it cannot dead-letter yet, and files it once the DLQ is back', async () => {
    const subject = uniqueSubject();
    const durable = await harness.durable(subject);
    await harness.start(durable, { handlers: widgetHandlers([]) });
    const jsm = await nc.jetstreamManager();
    await jsm.streams.delete('SAGA_DLQ');
    try {
      await publisher.publishRaw(
        subject,
        { 'message-type': 'test.widget.build' },
        'not json',
        'undeliverable',
      );
      await pollUntil(
        () => harness.outcomes.some((o) => o.outcome === 'retried'),
        {},
        'a failed dead-lettering',
      );
      expect(harness.logger.lines).toContainEqual(
        expect.stringContaining('could not dead-letter undeliverable'),
      );
    } finally {
      await ensureStreams(nc, { replicas: 1 });
    }
    const letters = await pollUntil(async () => {
      const found = await deadLettersFor(nc, subject);
      return found.length > 0 && found;
    });
    expect(letters).toHaveLength(1);
    expect(letters[0].reason).toContain('body is not valid JSON');
  });

  it('survives its connection closing under a running handler, and the message comes back', async () => {
    const subject = uniqueSubject();
    const durable = await harness.durable(subject, 10, 1_000);
    const doomedConnection = await connect({ servers: suite.fixture.server.url });
    let release: () => void = () => undefined;
    const firstTry: Delivery[] = [];
    const doomed = new JetStreamConsumer(doomedConnection, {
      stream: 'SAGA_COMMANDS',
      durable,
      logger: harness.logger,
      handlers: widgetHandlers(firstTry, () => new Promise<void>((resolve) => (release = resolve))),
    });
    await doomed.start();
    await publisher.publish(widgetMessage(subject, { widgetId: 'w-1', quantity: 1 }));
    await pollUntil(() => firstTry.length === 1, {}, 'the handler to start');

    await doomedConnection.close();
    release();
    await doomed.stop();

    const secondTry: Delivery[] = [];
    await harness.start(durable, { handlers: widgetHandlers(secondTry) });
    await pollUntil(() => secondTry.length === 1, {}, 'the redelivery');
    expect(secondTry[0].deliveryCount).toBe(2);
  });
});
