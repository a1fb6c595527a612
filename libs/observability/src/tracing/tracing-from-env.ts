import { mkdirSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { FileSpanExporter } from './file-span-exporter';
import type { TracingOptions } from './tracing';

export const TRACES_EXPORTER_VARIABLE = 'OTEL_TRACES_EXPORTER';

/** Spans written to a file are for a person or a test waiting on them: export them soon. */
const FILE_EXPORT_DELAY_MS = 200;

/**
 * The tracing of a service process from `OTEL_TRACES_EXPORTER`: unset or `none` keeps spans in
 * the process (they still give log lines and `traceparent` their ids); `file:<directory>`
 * appends every finished span as a JSON line to `<directory>/<service>-<pid>.jsonl`.
 * Anything else is refused with an error naming the variable.
 */
export function tracingOptionsFromEnv(service: string, env: NodeJS.ProcessEnv = process.env): TracingOptions {
  const value = env[TRACES_EXPORTER_VARIABLE]?.trim();
  if (!value || value === 'none') return { service };
  const directory = value.startsWith('file:') ? value.slice('file:'.length) : '';
  if (!directory) {
    throw new Error(`${TRACES_EXPORTER_VARIABLE} must be "none" or "file:<directory>", got "${value}"`);
  }
  const absolute = isAbsolute(directory) ? directory : resolve(directory);
  mkdirSync(absolute, { recursive: true });
  return {
    service,
    exporter: new FileSpanExporter(join(absolute, `${service}-${process.pid}.jsonl`)),
    exportDelayMs: FILE_EXPORT_DELAY_MS,
  };
}
