import pino, { DestinationStream, Logger } from 'pino';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import { currentContext } from '../context';

export interface LoggerOptions {
  service: string;
  level?: string;
  /** Where lines go; standard output unless given (tests pass a stream to read them back). */
  destination?: DestinationStream;
}

/** Paths whose values never reach a log line, at the top level and one or two levels down. */
export const REDACTED_KEYS = [
  'authorization',
  'ADMIN_TOKEN',
  'adminToken',
  'token',
  'password',
  'pass',
  'cookie',
];
const REDACTED_PATHS = REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

/**
 * A JSON logger whose every line names the service and carries the ids of the unit of work in
 * progress (saga, correlation, causation, message) and the active trace and span.
 */
export function createLogger(options: LoggerOptions): Logger {
  const settings: pino.LoggerOptions = {
    level: options.level ?? 'info',
    base: { service: options.service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
    mixin: logContext,
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

/** The correlation ids and trace ids of the current async context, only those that are set. */
export function logContext(): Record<string, string> {
  const fields: Record<string, string> = {};
  const { sagaId, correlationId, causationId, messageId } = currentContext();
  if (sagaId) fields.sagaId = sagaId;
  if (correlationId) fields.correlationId = correlationId;
  if (causationId) fields.causationId = causationId;
  if (messageId) fields.messageId = messageId;
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (spanContext && isSpanContextValid(spanContext)) {
    fields.traceId = spanContext.traceId;
    fields.spanId = spanContext.spanId;
  }
  return fields;
}
