import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpanKind } from '@opentelemetry/api';
import { OTLPTraceExporter as OtlpJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { ConsoleSpanExporter } from '@opentelemetry/sdk-trace-base';
import { FileSpanExporter, SpanLine } from './file-span-exporter';
import { currentTraceParent, withSpan } from './spans';
import { OtlpReceiver } from './testing/otlp-receiver';
import { initTracing } from './tracing';
import { tracingOptionsFromEnv } from './tracing-from-env';

describe('tracingOptionsFromEnv', () => {
  let directory: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'traces-'));
  });

  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('exports nothing when OTEL_TRACES_EXPORTER is unset or none, naming the service after the app', () => {
    for (const env of [{}, { OTEL_TRACES_EXPORTER: 'none' }, { OTEL_TRACES_EXPORTER: ' ' }]) {
      const options = tracingOptionsFromEnv('order', env);
      expect(options.exporters).toEqual([]);
      expect(options.exportDelayMs).toBeUndefined();
      expect(options.resource?.attributes['service.name']).toBe('order');
      expect(options.sampler?.toString()).toContain('ParentBased');
    }
  });

  it('writes to <directory>/<service>-<pid>.jsonl for file:<directory>, creating the directory', () => {
    const target = join(directory, 'nested', 'traces');
    const options = tracingOptionsFromEnv('payment', { OTEL_TRACES_EXPORTER: `file:${target}` });

    expect(options.exporters).toHaveLength(1);
    expect(options.exporters?.[0]).toBeInstanceOf(FileSpanExporter);
    expect((options.exporters?.[0] as FileSpanExporter).path).toBe(
      join(target, `payment-${process.pid}.jsonl`),
    );
    expect(options.exportDelayMs).toBeLessThan(1_000);
  });

  it('sends OTLP/HTTP protobuf for otlp, or JSON when OTEL_EXPORTER_OTLP_PROTOCOL says http/json', () => {
    expect(tracingOptionsFromEnv('order', { OTEL_TRACES_EXPORTER: 'otlp' }).exporters?.[0]).toBeInstanceOf(
      OtlpProtobufTraceExporter,
    );
    expect(
      tracingOptionsFromEnv('order', {
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      }).exporters?.[0],
    ).toBeInstanceOf(OtlpJsonTraceExporter);
  });

  it('takes a comma-separated list, each exporter once, none adding nothing', () => {
    const options = tracingOptionsFromEnv('order', { OTEL_TRACES_EXPORTER: 'otlp, console,none,otlp' });
    expect(options.exporters?.map((exporter) => exporter.constructor)).toEqual([
      OtlpProtobufTraceExporter,
      ConsoleSpanExporter,
    ]);
  });

  it('exports nothing when OTEL_SDK_DISABLED is true', () => {
    expect(
      tracingOptionsFromEnv('order', { OTEL_TRACES_EXPORTER: 'otlp', OTEL_SDK_DISABLED: 'TRUE' }).exporters,
    ).toEqual([]);
  });

  it.each(['file:', 'files:/tmp', 'zipkin', 'otlp,jaeger'])('refuses %s, naming the variable', (value) => {
    const refused = value.split(',').pop();
    expect(() => tracingOptionsFromEnv('payment', { OTEL_TRACES_EXPORTER: value })).toThrow(
      `OTEL_TRACES_EXPORTER must be a comma-separated list of otlp, console, none or file:<directory>, got "${refused}"`,
    );
  });

  it.each([
    [{ OTEL_TRACES_SAMPLER: 'sometimes' }, /^OTEL_TRACES_SAMPLER must be one of/],
    [{ OTEL_RESOURCE_ATTRIBUTES: 'team' }, /^OTEL_RESOURCE_ATTRIBUTES must be/],
    [
      { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: 'collector' },
      /^OTEL_EXPORTER_OTLP_ENDPOINT must be/,
    ],
  ])('refuses %j, naming the variable', (env, message) => {
    expect(() => tracingOptionsFromEnv('payment', env)).toThrow(message);
  });

  it('does not read the OTLP variables when nothing is exported over OTLP', () => {
    expect(() =>
      tracingOptionsFromEnv('payment', {
        OTEL_TRACES_EXPORTER: 'none',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'collector',
      }),
    ).not.toThrow();
  });

  it('appends every finished span as one JSON line a reader can follow a trace by', async () => {
    const tracing = initTracing(
      tracingOptionsFromEnv('inventory', { OTEL_TRACES_EXPORTER: `file:${directory}` }),
    );
    try {
      await withSpan('saga.cmd.inventory.reserve process', { 'saga.id': 's-1' }, () =>
        withSpan('reserve', {}, () => undefined),
      );
      await expect(
        withSpan('failing', {}, () => Promise.reject(new Error('no stock')), { kind: SpanKind.CONSUMER }),
      ).rejects.toThrow('no stock');
      await tracing.forceFlush();

      const file = join(directory, `inventory-${process.pid}.jsonl`);
      const lines = readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as SpanLine);
      const [inner, outer, failing] = lines;
      expect(lines).toHaveLength(3);
      expect(outer).toMatchObject({
        name: 'saga.cmd.inventory.reserve process',
        kind: 'INTERNAL',
        service: 'inventory',
        parentSpanId: null,
        status: 'UNSET',
        attributes: { 'saga.id': 's-1' },
      });
      expect(inner).toMatchObject({ name: 'reserve', traceId: outer.traceId, parentSpanId: outer.spanId });
      expect(failing).toMatchObject({ name: 'failing', kind: 'CONSUMER', status: 'ERROR' });
      expect(failing.traceId).not.toBe(outer.traceId);
      expect(outer.durationMs).toBeGreaterThanOrEqual(0);
      expect(Math.abs(outer.startTime - Date.now())).toBeLessThan(60_000);
    } finally {
      await tracing.shutdown();
    }
  });

  describe('over OTLP/HTTP, to a receiver', () => {
    let receiver: OtlpReceiver;

    beforeEach(async () => {
      receiver = await OtlpReceiver.start();
    });

    afterEach(() => receiver.close());

    const otlpEnv = (env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20secret',
      OTEL_SERVICE_NAME: 'payments-eu',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=test',
      ...env,
    });

    it('posts JSON spans to <endpoint>/v1/traces with the headers and the service as a resource', async () => {
      const tracing = initTracing(
        tracingOptionsFromEnv('payment', otlpEnv({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' })),
      );
      try {
        await withSpan('payment.authorize', { 'saga.id': 's-2' }, () =>
          withSpan('card', {}, () => undefined),
        );
        await tracing.forceFlush();
      } finally {
        await tracing.shutdown();
      }

      expect(receiver.requests.map((request) => [request.method, request.path])).toEqual([
        ['POST', '/v1/traces'],
      ]);
      expect(receiver.requests[0].headers).toMatchObject({
        authorization: 'Bearer secret',
        'content-type': 'application/json',
      });
      const [inner, outer] = receiver.spans();
      expect(outer).toMatchObject({
        name: 'payment.authorize',
        parentSpanId: null,
        service: 'payments-eu',
        resource: { 'deployment.environment': 'test', 'telemetry.sdk.language': 'nodejs' },
        attributes: { 'saga.id': 's-2' },
      });
      expect(inner).toMatchObject({ name: 'card', traceId: outer.traceId, parentSpanId: outer.spanId });
    });

    it('posts protobuf by default', async () => {
      const tracing = initTracing(tracingOptionsFromEnv('payment', otlpEnv()));
      try {
        await withSpan('payment.capture', {}, () => undefined);
        await tracing.forceFlush();
      } finally {
        await tracing.shutdown();
      }

      expect(receiver.requests).toHaveLength(1);
      const [request] = receiver.requests;
      expect(request.path).toBe('/v1/traces');
      expect(request.headers['content-type']).toBe('application/x-protobuf');
      expect(request.body.includes('payments-eu')).toBe(true);
      expect(request.body.includes('payment.capture')).toBe(true);
    });

    it('sends nothing for traces the sampler drops, which still carry a traceparent', async () => {
      const tracing = initTracing(
        tracingOptionsFromEnv('payment', otlpEnv({ OTEL_TRACES_SAMPLER: 'always_off' })),
      );
      let traceparent: string | undefined;
      try {
        traceparent = await withSpan('dropped', {}, () => currentTraceParent());
        await tracing.forceFlush();
      } finally {
        await tracing.shutdown();
      }

      expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
      expect(receiver.requests).toEqual([]);
    });
  });
});
