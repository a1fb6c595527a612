import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Span, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';

export interface TracingOptions {
  service: string;
  /** Where finished spans go. Without one, spans still get ids (for log lines and `traceparent`) but are dropped. */
  exporter?: SpanExporter;
  /** How long finished spans wait to be exported in a batch (default 5000 ms). */
  exportDelayMs?: number;
}

export interface Tracing {
  /** Exports spans still buffered. */
  forceFlush(): Promise<void>;
  /** Flushes, then unregisters the provider, propagator and context manager. */
  shutdown(): Promise<void>;
}

let installed: Tracing | undefined;

/**
 * Installs the process's tracer provider, W3C trace-context propagation and async context
 * tracking. A second call returns the first installation (its options win) until it is shut down.
 */
export function initTracing(options: TracingOptions): Tracing {
  if (installed) return installed;

  const contextManager = new AsyncLocalStorageContextManager().enable();
  const provider = new BasicTracerProvider({
    spanProcessors: [
      new ServiceNameProcessor(options.service),
      ...(options.exporter
        ? [new BatchSpanProcessor(options.exporter, { scheduledDelayMillis: options.exportDelayMs ?? 5_000 })]
        : []),
    ],
  });
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);

  const tracing: Tracing = {
    forceFlush: () => provider.forceFlush(),
    shutdown: async () => {
      if (installed !== tracing) return;
      installed = undefined;
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
  installed = tracing;
  return tracing;
}

/** The installation in place, if any (to flush it when the process stops). */
export function installedTracing(): Tracing | undefined {
  return installed;
}

/**
 * Names the service on every span. (The SDK's resource would be the usual place, but that needs
 * `@opentelemetry/resources`, which the project does not depend on directly.)
 */
class ServiceNameProcessor implements SpanProcessor {
  constructor(private readonly service: string) {}

  onStart(span: Span): void {
    span.setAttribute('service.name', this.service);
  }

  onEnd(): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
