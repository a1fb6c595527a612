import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpanKind } from '@opentelemetry/api';
import { FileSpanExporter, SpanLine } from './file-span-exporter';
import { withSpan } from './spans';
import { initTracing } from './tracing';
import { tracingOptionsFromEnv } from './tracing-from-env';

describe('tracingOptionsFromEnv', () => {
  let directory: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'traces-'));
  });

  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('exports nothing when OTEL_TRACES_EXPORTER is unset or none', () => {
    expect(tracingOptionsFromEnv('order', {})).toEqual({ service: 'order' });
    expect(tracingOptionsFromEnv('order', { OTEL_TRACES_EXPORTER: 'none' })).toEqual({ service: 'order' });
  });

  it('writes to <directory>/<service>-<pid>.jsonl for file:<directory>, creating the directory', () => {
    const target = join(directory, 'nested', 'traces');
    const options = tracingOptionsFromEnv('payment', { OTEL_TRACES_EXPORTER: `file:${target}` });

    expect(options.exporter).toBeInstanceOf(FileSpanExporter);
    expect((options.exporter as FileSpanExporter).path).toBe(join(target, `payment-${process.pid}.jsonl`));
    expect(options.exportDelayMs).toBeLessThan(1_000);
  });

  it.each(['otlp', 'file:', 'files:/tmp', 'console'])('refuses %s, naming the variable', (value) => {
    expect(() => tracingOptionsFromEnv('payment', { OTEL_TRACES_EXPORTER: value })).toThrow(
      `OTEL_TRACES_EXPORTER must be "none" or "file:<directory>", got "${value}"`,
    );
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
        attributes: { 'saga.id': 's-1', 'service.name': 'inventory' },
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
});
