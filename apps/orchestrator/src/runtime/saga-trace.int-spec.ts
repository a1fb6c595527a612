import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Headers } from '@app/contracts';
import { type Tracing, initTracing, withSpan } from '@app/observability';
import { expectEventually } from '@test/support';
import { type OrchestratorHarness, startOrchestratorHarness } from '../../test/orchestrator-harness';

/** `00-<trace id>-<parent span id>-<flags>` */
function traceParentParts(traceparent: string | undefined): { traceId: string; parentSpanId: string } {
  const [, traceId, parentSpanId] = (traceparent ?? '').split('-');
  return { traceId, parentSpanId };
}

describe('the saga trace (orchestrator with untraced stub participants)', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let harness: OrchestratorHarness;

  beforeAll(async () => {
    tracing = initTracing({ service: 'orchestrator', exporter });
    harness = await startOrchestratorHarness('saga_trace');
  });

  afterAll(async () => {
    await harness?.stop();
    await tracing?.shutdown();
  });

  const spansOf = async (traceId: string): Promise<ReadableSpan[]> => {
    await tracing.forceFlush();
    return exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
  };
  const commandsOf = (sagaId: string) =>
    harness.stubs.distinct().filter((command) => command.sagaId === sagaId);

  /** Starts a saga inside a span standing in for the gateway's request; resolves to that span's trace id. */
  const startTraced = async (orderId: string, sagaId: string) =>
    withSpan('POST /orders', {}, async (span) => {
      await harness.publishStart(harness.startPayload({ orderId, sagaId }));
      return span.spanContext().traceId;
    });

  it("keeps every command in the start's trace, those caused by a timeout and by untraced replies too", async () => {
    const payload = harness.startPayload();
    harness.scripts.set(payload.orderId, (command) =>
      command.type === 'payment.authorize' ? 'no-reply' : { outcome: 'SUCCESS' },
    );
    const traceId = await startTraced(payload.orderId, payload.sagaId);
    const saga = await harness.waitForTerminal(payload.sagaId);

    expect(saga.instance.status).toBe('COMPENSATED');
    const commands = commandsOf(payload.sagaId);
    expect(commands.map((command) => command.type)).toEqual([
      'order.create',
      'inventory.reserve',
      'payment.authorize',
      'payment.void',
      'inventory.release',
      'order.cancel',
    ]);
    for (const command of commands)
      expect(traceParentParts(command.headers.traceparent).traceId).toBe(traceId);

    await expectEventually(async () => {
      const spans = await spansOf(traceId);
      const spanIds = new Set(spans.map((span) => span.spanContext().spanId));
      // Each command's parent is a span the orchestrator recorded in the saga's trace.
      for (const command of commands) {
        expect(spanIds).toContain(traceParentParts(command.headers.traceparent).parentSpanId);
      }
      const start = spans.find((span) => span.name === 'saga.start.order-fulfillment process');
      const timeout = spans.find((span) => span.name === 'saga deadline-reached');
      expect(timeout?.parentSpanContext?.spanId).toBe(start?.spanContext().spanId);
      expect(timeout?.attributes).toMatchObject({
        'saga.id': payload.sagaId,
        'saga.type': 'order-fulfillment',
      });
      // The stubs' replies carry no trace context; their effects join the saga's trace, linked to the reply's own.
      const reply = spans.find((span) => span.name === 'saga reply-success');
      expect(reply?.parentSpanContext?.spanId).toBe(start?.spanContext().spanId);
      expect(reply?.links).toHaveLength(1);
    });
    const [row] = await harness.database.dataSource.query(
      `SELECT "trace_parent" FROM "orchestrator"."saga_instance" WHERE "id" = $1`,
      [payload.sagaId],
    );
    expect(traceParentParts(row.trace_parent).traceId).toBe(traceId);
  });

  it("sends an operator's retry in the saga's trace, linked to the operator's request", async () => {
    const payload = harness.startPayload();
    let releaseFails = true;
    const refusal = (code: string) => ({
      outcome: 'BUSINESS_FAILURE' as const,
      error: { code, message: code },
    });
    harness.scripts.set(payload.orderId, (command) => {
      if (command.type === 'payment.authorize') return refusal('DECLINED');
      if (command.type === 'inventory.release' && releaseFails) return refusal('STOCK_SERVICE_DOWN');
      return { outcome: 'SUCCESS' };
    });
    const traceId = await startTraced(payload.orderId, payload.sagaId);
    expect((await harness.waitForTerminal(payload.sagaId)).instance.status).toBe('FAILED');

    releaseFails = false;
    const operator = await withSpan('POST /admin/sagas/:sagaId/retry', {}, async (span) => {
      await expect(
        harness.orchestrator.runtime.retry(payload.sagaId, 'stock service is back'),
      ).resolves.toEqual({
        outcome: 'applied',
        status: 'COMPENSATING',
      });
      return span.spanContext();
    });
    expect((await harness.waitForTerminal(payload.sagaId)).instance.status).toBe('COMPENSATED');

    expect(operator.traceId).not.toBe(traceId);
    const afterRetry = commandsOf(payload.sagaId).slice(-2);
    expect(afterRetry.map((command) => command.type)).toEqual(['inventory.release', 'order.cancel']);
    for (const command of afterRetry)
      expect(traceParentParts(command.headers.traceparent).traceId).toBe(traceId);
    await expectEventually(async () => {
      const retry = (await spansOf(traceId)).find((span) => span.name === 'saga operator-retry');
      expect(retry?.links.map((link) => link.context.spanId)).toEqual([operator.spanId]);
      expect(traceParentParts(afterRetry[0].headers[Headers.traceparent]).parentSpanId).toBe(
        retry?.spanContext().spanId,
      );
    });
  });
});
