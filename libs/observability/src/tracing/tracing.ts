import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { Resource, defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOnSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import type { Sampler, SpanExporter } from '@opentelemetry/sdk-trace-base';

export interface TracingOptions {
  /** The app; names the service in the resource unless `resource` is given. */
  service: string;
  /** What every span is about (`service.name` and the like); see `tracingResourceFromEnv`. */
  resource?: Resource;
  /** Which traces are recorded (default: follow the caller's decision, else record). */
  sampler?: Sampler;
  /** Where finished spans go. Without any, spans still get ids (for log lines and `traceparent`) but are dropped. */
  exporter?: SpanExporter;
  exporters?: readonly SpanExporter[];
  /**
   * How long finished spans wait to be exported in a batch; unset, the SDK reads
   * `OTEL_BSP_SCHEDULE_DELAY` (default 5000 ms) and the other `OTEL_BSP_*` variables.
   */
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
  const exporters = [...(options.exporter ? [options.exporter] : []), ...(options.exporters ?? [])];
  const batching = options.exportDelayMs === undefined ? {} : { scheduledDelayMillis: options.exportDelayMs };
  const provider = new BasicTracerProvider({
    resource:
      options.resource ??
      defaultResource().merge(resourceFromAttributes({ 'service.name': options.service })),
    // Given, so the SDK does not read OTEL_TRACES_SAMPLER behind the options' back.
    sampler: options.sampler ?? new ParentBasedSampler({ root: new AlwaysOnSampler() }),
    spanProcessors: exporters.map((exporter) => new BatchSpanProcessor(exporter, batching)),
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
