import {
  Attributes,
  Context,
  Link,
  Span,
  SpanKind,
  SpanStatusCode,
  Tracer,
  context,
  propagation,
  trace,
} from '@opentelemetry/api';

/** The platform's tracer, from whichever provider is installed (a no-op one until `initTracing`). */
export function platformTracer(): Tracer {
  return trace.getTracer('saga-orchestrator');
}

export interface SpanOptions {
  kind?: SpanKind;
  /** The context to continue (e.g. one extracted from message headers); the active one otherwise. */
  parent?: Context;
  /** Spans of other traces this one relates to (e.g. the request that caused work in another trace). */
  links?: Link[];
}

/**
 * Runs `work` inside a new active span that ends when it settles; a thrown error is recorded on
 * the span and rethrown.
 */
export async function withSpan<T>(
  name: string,
  attributes: Attributes,
  work: (span: Span) => T | Promise<T>,
  options: SpanOptions = {},
): Promise<T> {
  const parent = options.parent ?? context.active();
  const spanOptions = { attributes, kind: options.kind, links: options.links };
  return platformTracer().startActiveSpan(name, spanOptions, parent, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Writes the active trace context (`traceparent`, `tracestate`) into outgoing headers. */
export function injectTraceContext(headers: Record<string, string>, from: Context = context.active()): void {
  propagation.inject(from, headers);
}

/** The active span's W3C `traceparent`, to store with work that continues later; undefined outside a span. */
export function currentTraceParent(): string | undefined {
  const carrier: Record<string, string> = {};
  injectTraceContext(carrier);
  return carrier.traceparent;
}

/** The trace context carried by incoming headers, to pass as `parent` to `withSpan`. */
export function extractTraceContext(headers: Record<string, string | string[] | undefined>): Context {
  return propagation.extract(context.active(), headers);
}
