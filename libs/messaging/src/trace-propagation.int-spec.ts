import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NatsConnection } from 'nats';
import { pollUntil } from '@test/support';
import { currentContext, runWithContext } from '@app/observability';
import { ConsumerHarness, Delivery, widgetHandlers } from '../test/consumer-harness';
import {
  MessagingFixture,
  startMessagingFixture,
  uniqueSubject,
  widgetMessage,
} from '../test/messaging-fixture';
import { JetStreamPublisher } from './jetstream-publisher';

describe('trace and correlation propagation through JetStream', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  let fixture: MessagingFixture;
  let nc: NatsConnection;
  let publisher: JetStreamPublisher;
  let harness: ConsumerHarness;

  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(provider);
    fixture = await startMessagingFixture();
    nc = fixture.nc;
    publisher = new JetStreamPublisher(nc);
    harness = new ConsumerHarness(nc);
  });
  afterAll(async () => {
    await harness.stopAll();
    await fixture.dispose();
    await provider.shutdown();
    trace.disable();
    propagation.disable();
    context.disable();
  });

  it("continues the sender's trace and ids in the handler, and stamps them on what the handler sends", async () => {
    const subject = uniqueSubject();
    const followUpSubject = uniqueSubject();
    const durable = await harness.durable(subject);
    const seen: Array<{ traceId?: string; ids: ReturnType<typeof currentContext> }> = [];
    const deliveries: Delivery[] = [];
    const tracer = trace.getTracer('test');
    const message = widgetMessage(subject, { widgetId: 'w-1', quantity: 1 }, { correlationId: undefined });
    const sent = await runWithContext({ correlationId: 'corr-42', sagaId: 'saga-42' }, () =>
      tracer.startActiveSpan('send', async (span) => {
        await publisher.publish(message);
        span.end();
        return span.spanContext();
      }),
    );

    // SAGA_COMMANDS is a work queue: read the stored message before the consumer handles (and removes) it.
    const jsm = await nc.jetstreamManager();
    const stored = await jsm.streams.getMessage('SAGA_COMMANDS', { last_by_subj: subject });
    expect(stored.header.get('traceparent')).toMatch(new RegExp(`^00-${sent.traceId}-${sent.spanId}-01$`));
    await harness.start(durable, {
      handlers: widgetHandlers(deliveries, async () => {
        seen.push({ traceId: trace.getActiveSpan()?.spanContext().traceId, ids: currentContext() });
        await publisher.publish(
          widgetMessage(followUpSubject, { widgetId: 'next', quantity: 1 }, { correlationId: undefined }),
        );
      }),
    });

    await pollUntil(() => seen.length === 1, {}, 'the handler');
    expect(seen[0].traceId).toBe(sent.traceId);
    expect(seen[0].ids).toEqual({
      correlationId: 'corr-42',
      sagaId: 'saga-42',
      causationId: message.messageId,
      messageId: message.messageId,
    });
    expect(deliveries[0].envelope).toMatchObject({ correlationId: 'corr-42', sagaId: 'saga-42' });

    const followUp = await jsm.streams.getMessage('SAGA_COMMANDS', { last_by_subj: followUpSubject });
    expect(followUp.header.get('correlation-id')).toBe('corr-42');
    expect(followUp.header.get('saga-id')).toBe('saga-42');
    expect(followUp.header.get('causation-id')).toBe(message.messageId);
    expect(followUp.header.get('traceparent')).toContain(sent.traceId);

    const consumerSpan = await pollUntil(
      () => exporter.getFinishedSpans().find((span) => span.name === `${subject} process`),
      {},
      'the consumer span',
    );
    expect(consumerSpan.spanContext().traceId).toBe(sent.traceId);
    expect(consumerSpan.parentSpanContext?.spanId).toBe(sent.spanId);
    expect(consumerSpan.attributes).toMatchObject({
      'messaging.system': 'nats',
      'messaging.message.id': message.messageId,
      'messaging.consumer.group.name': durable,
    });
  });
});
