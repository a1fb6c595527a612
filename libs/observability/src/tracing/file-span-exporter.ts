import { appendFile } from 'node:fs/promises';
import { SpanKind } from '@opentelemetry/api';
import { ExportResult, ExportResultCode, hrTimeToMilliseconds } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/** One finished span as a line of the file: what a test or a quick `jq` needs to follow a trace. */
export interface SpanLine {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: string;
  /** The resource's `service.name`. */
  service: string | null;
  /** Epoch milliseconds. */
  startTime: number;
  durationMs: number;
  status: 'UNSET' | 'OK' | 'ERROR';
  attributes: Record<string, unknown>;
}

const STATUS_NAMES = ['UNSET', 'OK', 'ERROR'] as const;

/** Appends finished spans to a file as JSON lines, in the order they were exported. */
export class FileSpanExporter implements SpanExporter {
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly path: string) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    const text = spans.map((span) => `${JSON.stringify(spanLine(span))}\n`).join('');
    this.writing = this.writing.then(() =>
      appendFile(this.path, text).then(
        () => resultCallback({ code: ExportResultCode.SUCCESS }),
        (error: Error) => resultCallback({ code: ExportResultCode.FAILED, error }),
      ),
    );
  }

  forceFlush(): Promise<void> {
    return this.writing;
  }

  shutdown(): Promise<void> {
    return this.writing;
  }
}

export function spanLine(span: ReadableSpan): SpanLine {
  const { traceId, spanId } = span.spanContext();
  const service = span.resource.attributes['service.name'];
  return {
    traceId,
    spanId,
    parentSpanId: span.parentSpanContext?.spanId ?? null,
    name: span.name,
    kind: SpanKind[span.kind],
    service: typeof service === 'string' ? service : null,
    startTime: hrTimeToMilliseconds(span.startTime),
    durationMs: hrTimeToMilliseconds(span.duration),
    status: STATUS_NAMES[span.status.code],
    attributes: { ...span.attributes },
  };
}
