import type { Logger } from 'pino';
import { Metrics, createLogger, defineCounter, getMetrics } from '@app/observability';

/** Failures that escaped every handler of the process; `kind` is the process event. */
export const ProcessFailureMetric = defineCounter(
  'process_unhandled_failures_total',
  'Errors no handler caught: kind unhandledRejection (logged, the process keeps running) or uncaughtException (logged, the process exits 1)',
  ['kind'],
);

export interface ProcessFailureHandlerOptions {
  service: string;
  logger?: Pick<Logger, 'error' | 'fatal'>;
  metrics?: Metrics;
  /** The process by default; tests pass an emitter of their own. */
  target?: Pick<NodeJS.Process, 'on' | 'off'>;
  exit?: (code: number) => void;
}

/**
 * Installs the last-resort handlers of a service process and returns their removal.
 *
 * - An unhandled rejection is one promise nobody awaited: the work it belonged to failed, but
 *   nothing else is left half-done, so it is logged with its context, counted, and the process
 *   keeps serving (Node's default would kill it, and with it every saga step in flight).
 * - An uncaught exception unwound a stack at an unknown point, so the process's state can no
 *   longer be trusted: it is logged and the process exits 1, for its supervisor to restart it.
 *   Unacknowledged messages come back to another instance after their ack wait.
 */
export function installProcessFailureHandlers(options: ProcessFailureHandlerOptions): () => void {
  const target = options.target ?? process;
  const logger = options.logger ?? createLogger({ service: options.service });
  const failures = (options.metrics ?? getMetrics()).counter(ProcessFailureMetric);
  const exit = options.exit ?? ((code: number) => process.exit(code));

  const onRejection = (reason: unknown): void => {
    failures.inc({ kind: 'unhandledRejection' });
    logger.error(
      { err: reason, event: 'unhandledRejection' },
      `${options.service}: unhandled promise rejection (${describe(reason)}); the process keeps running`,
    );
  };
  const onException = (error: unknown, origin: string): void => {
    failures.inc({ kind: 'uncaughtException' });
    logger.fatal(
      { err: error, event: 'uncaughtException', origin },
      `${options.service}: uncaught exception (${describe(error)}); exiting with 1 so that the supervisor restarts the process`,
    );
    exit(1);
  };
  target.on('unhandledRejection', onRejection);
  target.on('uncaughtException', onException);
  return () => {
    target.off('unhandledRejection', onRejection);
    target.off('uncaughtException', onException);
  };
}

function describe(reason: unknown): string {
  if (reason instanceof Error) return `${reason.name}: ${reason.message}`;
  try {
    return String(reason);
  } catch {
    return typeof reason;
  }
}
