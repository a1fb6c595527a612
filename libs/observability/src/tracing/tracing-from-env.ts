import { mkdirSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { ConsoleSpanExporter, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { FileSpanExporter } from './file-span-exporter';
import { createOtlpTraceExporter, otlpTraceTargetFromEnv } from './otlp-exporter-from-env';
import { tracingResourceFromEnv } from './resource-from-env';
import { samplerFromEnv } from './sampler-from-env';
import type { TracingOptions } from './tracing';

export const TRACES_EXPORTER_VARIABLE = 'OTEL_TRACES_EXPORTER';

/** Spans written to a file are for a person or a test waiting on them: export them soon. */
const FILE_EXPORT_DELAY_MS = 200;

/**
 * The tracing of a service process from the standard OpenTelemetry variables (see the README):
 * `OTEL_TRACES_EXPORTER` is a comma-separated list of `otlp` (OTLP/HTTP, `OTEL_EXPORTER_OTLP_*`),
 * `console` (standard output), `none` (the default: spans still give log lines and `traceparent`
 * their ids) and `file:<directory>` (every finished span as a JSON line in
 * `<directory>/<service>-<pid>.jsonl`, for tests and `jq`); `OTEL_SDK_DISABLED=true` exports
 * nothing. The resource names the service (`OTEL_SERVICE_NAME`, default the app's name;
 * `OTEL_RESOURCE_ATTRIBUTES`); `OTEL_TRACES_SAMPLER(_ARG)` pick the traces recorded.
 * A value that cannot be used is refused with an error naming its variable.
 */
export function tracingOptionsFromEnv(service: string, env: NodeJS.ProcessEnv = process.env): TracingOptions {
  const exporters =
    env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true' ? [] : exportersFromEnv(service, env);
  return {
    service,
    resource: tracingResourceFromEnv(service, env),
    sampler: samplerFromEnv(env),
    exporters,
    ...(exporters.some((exporter) => exporter instanceof FileSpanExporter)
      ? { exportDelayMs: FILE_EXPORT_DELAY_MS }
      : {}),
  };
}

function exportersFromEnv(service: string, env: NodeJS.ProcessEnv): SpanExporter[] {
  const names = new Set(
    (env[TRACES_EXPORTER_VARIABLE] ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name.length > 0 && name !== 'none'),
  );
  return [...names].map((name) => exporterNamed(name, service, env));
}

function exporterNamed(name: string, service: string, env: NodeJS.ProcessEnv): SpanExporter {
  if (name === 'otlp') return createOtlpTraceExporter(otlpTraceTargetFromEnv(env));
  if (name === 'console') return new ConsoleSpanExporter();
  const directory = name.startsWith('file:') ? name.slice('file:'.length) : '';
  if (!directory) {
    throw new Error(
      `${TRACES_EXPORTER_VARIABLE} must be a comma-separated list of otlp, console, none or file:<directory>, got "${name}"`,
    );
  }
  const absolute = isAbsolute(directory) ? directory : resolve(directory);
  mkdirSync(absolute, { recursive: true });
  return new FileSpanExporter(join(absolute, `${service}-${process.pid}.jsonl`));
}
