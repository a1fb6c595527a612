import { SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { Tracing, initTracing } from './tracing';
import { extractTraceContext, injectTraceContext, withSpan } from './spans';

describe('tracing', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;

  beforeAll(() => {
    tracing = initTracing({ service: 'orchestrator', exporter });
  });

  afterAll(() => tracing.shutdown());

  beforeEach(() => exporter.reset());

  const finishedSpans = async () => {
    await tracing.forceFlush();
    return exporter.getFinishedSpans();
  };

  it('is installed once: a second call returns the first installation', () => {
    expect(initTracing({ service: 'other' })).toBe(tracing);
  });

  it('nests a span started inside another in the same trace', async () => {
    await withSpan('saga.step', { 'saga.id': 's-1' }, () =>
      withSpan('outbox.enqueue', {}, () => Promise.resolve()),
    );

    const [inner, outer] = await finishedSpans();
    expect(outer.name).toBe('saga.step');
    expect(inner.name).toBe('outbox.enqueue');
    expect(inner.spanContext().traceId).toBe(outer.spanContext().traceId);
    expect(inner.parentSpanContext?.spanId).toBe(outer.spanContext().spanId);
    expect(outer.attributes).toEqual({ 'saga.id': 's-1' });
    expect(outer.resource.attributes).toMatchObject({
      'service.name': 'orchestrator',
      'telemetry.sdk.language': 'nodejs',
    });
  });

  it('continues a trace through a traceparent injected into headers and extracted again', async () => {
    const headers: Record<string, string> = {};
    const sent = await withSpan('publish', {}, (span) => {
      injectTraceContext(headers);
      return span.spanContext();
    });
    expect(headers.traceparent).toBe(`00-${sent.traceId}-${sent.spanId}-01`);

    const received = await withSpan('consume', {}, (span) => span.spanContext(), {
      parent: extractTraceContext({ ...headers }),
    });

    expect(received.traceId).toBe(sent.traceId);
    const consume = (await finishedSpans()).find((span) => span.name === 'consume');
    expect(consume?.parentSpanContext?.spanId).toBe(sent.spanId);
  });

  it('starts a new trace when the headers carry no or a malformed traceparent', async () => {
    const outside = trace.getActiveSpan();
    const fresh = await withSpan('consume', {}, (span) => span.spanContext(), {
      parent: extractTraceContext({ traceparent: '00-not-a-trace-01' }),
    });

    expect(outside).toBeUndefined();
    expect(fresh.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect((await finishedSpans())[0].parentSpanContext).toBeUndefined();
  });

  it('records a failure on the span and rethrows it', async () => {
    await expect(
      withSpan('payment.authorize', {}, () => Promise.reject(new Error('card processor down'))),
    ).rejects.toThrow('card processor down');

    const [span] = await finishedSpans();
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'card processor down' });
    expect(span.events[0].name).toBe('exception');
  });
});

describe('tracing after shutdown', () => {
  it('can be installed again, with the new options', async () => {
    const first = initTracing({ service: 'order' });
    await first.shutdown();
    const exporter = new InMemorySpanExporter();
    const second = initTracing({ service: 'payment', exporter });
    try {
      expect(second).not.toBe(first);
      await withSpan('after', {}, () => undefined);
      await second.forceFlush();
      expect(exporter.getFinishedSpans().map((span) => span.resource.attributes['service.name'])).toEqual([
        'payment',
      ]);
    } finally {
      await second.shutdown();
    }
  });
});
