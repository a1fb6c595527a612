import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { SERVICE_NAMES } from '@app/config';
import { OtlpReceiver, ReceivedSpan } from '@app/observability/tracing/testing/otlp-receiver';
import { expectEventually } from '@test/support';
import { PlacedOrder, postOrder } from './support/gateway-client';
import { orderBody } from './support/order-body';
import { waitForSagaTerminal } from './support/order-progress';
import { RunningPlatform, startPlatform } from './support/platform';

const ROOT = join(__dirname, '..');

/** OTLP's SpanKind numbers. */
const SERVER = 2;
const CONSUMER = 5;

/** The forward commands of a completed order-fulfillment saga. */
const COMMANDS = [
  'saga.cmd.order.create',
  'saga.cmd.inventory.reserve',
  'saga.cmd.payment.authorize',
  'saga.cmd.shipping.schedule',
  'saga.cmd.payment.capture',
  'saga.cmd.order.approve',
];

describe('standard OpenTelemetry: the six apps export one trace per order over OTLP/HTTP', () => {
  let receiver: OtlpReceiver;
  let platform: RunningPlatform;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    platform = await startPlatform({
      env: {
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20e2e-token',
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=e2e,service.namespace=shop',
        // The SDK's standard batching variable: spans leave a process a fraction of a second after they end.
        OTEL_BSP_SCHEDULE_DELAY: '200',
      },
    });
  });

  afterAll(async () => {
    await platform?.shutdown();
    await receiver?.close();
  });

  /** The spans of the trace the saga's start message was handled in (its message id is the saga id). */
  async function sagaTrace(sagaId: string): Promise<ReceivedSpan[]> {
    let spans: ReceivedSpan[] = [];
    await expectEventually(() => {
      const all = receiver.spans();
      const start = all.find(
        (span) =>
          span.name === 'saga.start.order-fulfillment process' &&
          span.attributes['messaging.message.id'] === sagaId,
      );
      expect(start).toBeDefined();
      spans = all.filter((span) => span.traceId === start!.traceId);
      expect(spans.filter((span) => span.name.startsWith('saga.cmd.'))).toHaveLength(COMMANDS.length);
      expect(spans.filter((span) => span.name.startsWith('saga.reply.'))).toHaveLength(COMMANDS.length);
    });
    return spans;
  }

  it('sees one trace across all six services for one order, each named by its service.name resource', async () => {
    const response = await postOrder(platform, orderBody(), { 'x-correlation-id': 'otlp-e2e-1' });
    expect(response.status).toBe(202);
    const placed = (await response.json()) as PlacedOrder;
    expect((await waitForSagaTerminal(platform, placed.orderId)).saga?.status).toBe('COMPLETED');

    const spans = await sagaTrace(placed.sagaId);

    expect(new Set(spans.map((span) => span.service))).toEqual(new Set(SERVICE_NAMES));
    for (const span of spans) {
      expect(span.resource).toMatchObject({
        'deployment.environment': 'e2e',
        'service.namespace': 'shop',
        'telemetry.sdk.language': 'nodejs',
      });
      // The service is the resource's, no longer an attribute of each span.
      expect(span.attributes).not.toHaveProperty('service.name');
    }
    const request = spans.find((span) => span.parentSpanId === null);
    expect(request).toMatchObject({
      name: 'POST /orders',
      kind: SERVER,
      service: 'gateway',
      attributes: { 'http.route': '/orders', 'correlation.id': 'otlp-e2e-1' },
    });
    for (const span of spans.filter((candidate) => candidate.name.startsWith('saga.cmd.'))) {
      expect(span).toMatchObject({ kind: CONSUMER, service: span.name.split('.')[2] });
    }
    expect(spans.find((span) => span.name.startsWith('saga.start.'))?.service).toBe('orchestrator');
    // Every span's parent is in the same trace: one tree from the request down, nothing lost between services.
    const ids = new Set(spans.map((span) => span.spanId));
    for (const span of spans.filter((candidate) => candidate !== request))
      expect(ids).toContain(span.parentSpanId);

    const exports = receiver.requests.filter((received) => received.path === '/v1/traces');
    expect(exports.length).toBeGreaterThan(0);
    for (const received of exports) expect(received.headers.authorization).toBe('Bearer e2e-token');
  });
});

describe('a tracing variable an app cannot use', () => {
  let child: ChildProcess | undefined;

  afterEach(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it.each([
    ['OTEL_TRACES_EXPORTER', 'zipkin'],
    ['OTEL_TRACES_SAMPLER', 'sometimes'],
    ['OTEL_EXPORTER_OTLP_PROTOCOL', 'grpc'],
  ])('%s=%s stops the app with one line naming the variable', async (variable, value) => {
    const app = spawn(process.execPath, [join(ROOT, 'dist', 'apps', 'order', 'src', 'main.js')], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'test', OTEL_TRACES_EXPORTER: 'otlp', [variable]: value },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = app;
    let stderr = '';
    app.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exitCode = await new Promise<number | null>((resolve) => app.once('exit', resolve));

    expect(exitCode).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^order: failed to start: ${variable} must be .*"${value}"$`)),
    ]);
  });
});
