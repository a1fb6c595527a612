import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceName } from '@app/config';
import type { SpanLine } from '@app/observability';
import { expectEventually } from '@test/support';
import { PlacedOrder, postOrder } from './support/gateway-client';
import { orderBody } from './support/order-body';
import { waitForSagaTerminal } from './support/order-progress';
import { RunningPlatform, startPlatform } from './support/platform';

/** The forward commands of a completed order-fulfillment saga, in order. */
const COMMANDS = [
  'saga.cmd.order.create',
  'saga.cmd.inventory.reserve',
  'saga.cmd.payment.authorize',
  'saga.cmd.shipping.schedule',
  'saga.cmd.payment.capture',
  'saga.cmd.order.approve',
];

describe('one trace per saga, from the gateway through the orchestrator to every participant', () => {
  let platform: RunningPlatform;
  let traces: string;

  beforeAll(async () => {
    traces = mkdtempSync(join(tmpdir(), 'e2e-traces-'));
    platform = await startPlatform({ env: { OTEL_TRACES_EXPORTER: `file:${traces}`, LOG_LEVEL: 'debug' } });
  });
  afterAll(async () => {
    await platform?.shutdown();
    rmSync(traces, { recursive: true, force: true });
  });

  /** Every span the six processes exported so far (one JSON-lines file per process). */
  const exportedSpans = (): SpanLine[] =>
    readdirSync(traces)
      .filter((file) => file.endsWith('.jsonl'))
      .flatMap((file) => readFileSync(join(traces, file), 'utf8').split('\n'))
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as SpanLine);

  /** The JSON lines a service wrote to its standard output. */
  const logLines = (service: ServiceName): Array<Record<string, unknown>> =>
    platform
      .logs(service)
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  async function placeAndComplete(headers: Record<string, string>): Promise<PlacedOrder> {
    const response = await postOrder(platform, orderBody(), headers);
    expect(response.status).toBe(202);
    const placed = (await response.json()) as PlacedOrder;
    expect((await waitForSagaTerminal(platform, placed.orderId)).saga?.status).toBe('COMPLETED');
    return placed;
  }

  /** The spans of the trace the saga's start message was handled in (its message id is the saga id). */
  async function sagaTrace(sagaId: string): Promise<SpanLine[]> {
    let spans: SpanLine[] = [];
    await expectEventually(() => {
      const all = exportedSpans();
      const start = all.find(
        (span) =>
          span.name === 'saga.start.order-fulfillment process' &&
          span.attributes['messaging.message.id'] === sagaId,
      );
      expect(start).toBeDefined();
      spans = all.filter((span) => span.traceId === start!.traceId);
      // Each process exports its spans a fraction of a second after they end.
      expect(spans.filter((span) => span.name.startsWith('saga.cmd.'))).toHaveLength(COMMANDS.length);
      expect(spans.filter((span) => span.name.startsWith('saga.reply.'))).toHaveLength(COMMANDS.length);
    });
    return spans;
  }

  it('puts the POST /orders request, the saga start, every command and every reply in one trace', async () => {
    const placed = await placeAndComplete({ 'x-correlation-id': 'trace-e2e-1' });
    const spans = await sagaTrace(placed.sagaId);

    expect(new Set(spans.map((span) => span.service))).toEqual(
      new Set(['gateway', 'orchestrator', 'order', 'inventory', 'payment', 'shipping']),
    );
    const request = spans.find((span) => span.service === 'gateway');
    expect(request).toMatchObject({
      name: 'POST /orders',
      kind: 'SERVER',
      parentSpanId: null,
      attributes: {
        'http.route': '/orders',
        'http.response.status_code': 202,
        'correlation.id': 'trace-e2e-1',
      },
    });
    const start = spans.find((span) => span.name === 'saga.start.order-fulfillment process');
    expect(start?.parentSpanId).toBe(request?.spanId);

    const handled = spans.filter((span) => span.name.startsWith('saga.cmd.'));
    expect(handled.map((span) => span.name.replace(/ process$/, ''))).toEqual(
      expect.arrayContaining(COMMANDS),
    );
    for (const span of handled) {
      expect(span).toMatchObject({
        kind: 'CONSUMER',
        service: span.name.split('.')[2],
        attributes: { 'saga.id': placed.sagaId, 'participant.outcome': 'succeeded' },
      });
    }
    // Each span's parent was recorded in the same trace: nothing in between went untraced.
    const ids = new Set(spans.map((span) => span.spanId));
    for (const span of spans.filter((candidate) => candidate !== request))
      expect(ids).toContain(span.parentSpanId);

    // A participant's log line from inside its handler carries the saga's ids and trace.
    const authorize = handled.find((span) => span.name === 'saga.cmd.payment.authorize process');
    expect(
      logLines('payment').find((line) => String(line.msg).startsWith('payment.authorize ')),
    ).toMatchObject({
      service: 'payment',
      level: 'debug',
      context: 'ParticipantCommand',
      sagaId: placed.sagaId,
      correlationId: 'trace-e2e-1',
      traceId: request?.traceId,
      spanId: authorize?.spanId,
    });
  });

  it("continues a caller's traceparent, and logs the request with its correlation and trace ids", async () => {
    const traceId = randomBytes(16).toString('hex');
    const placed = await placeAndComplete({
      traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
      'x-correlation-id': 'trace-e2e-2',
    });
    const spans = await sagaTrace(placed.sagaId);

    expect(spans[0].traceId).toBe(traceId);
    expect(spans.filter((span) => span.name.startsWith('saga.cmd.'))).toHaveLength(COMMANDS.length);
    const logged = logLines('gateway').find(
      (line) => line.msg === 'request completed' && line.correlationId === 'trace-e2e-2',
    );
    expect(logged).toMatchObject({
      service: 'gateway',
      traceId,
      req: { method: 'POST', url: '/orders' },
      res: { statusCode: 202 },
    });
  });
});
