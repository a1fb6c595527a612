import { setTimeout as sleep } from 'node:timers/promises';
import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import { createLogger } from '@app/observability';
import { ShutdownDrain } from './health/shutdown-drain';

/** The signals a supervisor (Docker, Kubernetes, a terminal) stops a process with. */
const STOP_SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];

/**
 * Stops the app the way a load balancer needs: readiness answers 503 first, then, after
 * `drainDelayMs` (the LB has stopped sending), Nest's shutdown hooks run (consumers stop, the
 * relay flushes, connections close). `hurry` ends the wait early.
 */
export async function drainAndClose(
  app: INestApplication,
  drainDelayMs: number,
  hurry?: AbortSignal,
): Promise<void> {
  app.get(ShutdownDrain, { strict: false }).begin();
  if (drainDelayMs > 0) await sleep(drainDelayMs, undefined, { signal: hurry }).catch(() => undefined);
  await app.close();
}

/**
 * In place of Nest's `enableShutdownHooks`: on the first stop signal drain and close, then end
 * the process with that signal as Nest does; a second signal skips the rest of the drain.
 */
export function closeOnStopSignals(app: INestApplication, config: AppConfig): void {
  const logger = createLogger({ service: config.service, level: config.logLevel });
  const drainDelayMs = config.shutdownDrainDelayMs;
  const hurry = new AbortController();
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second stop signal: closing without waiting out the drain');
      return hurry.abort();
    }
    stopping = true;
    logger.info({ signal, drainDelayMs }, 'stopping: readiness is 503, closing after the drain delay');
    drainAndClose(app, drainDelayMs, hurry.signal).then(
      () => {
        STOP_SIGNALS.forEach((stop) => process.removeListener(stop, onSignal));
        process.kill(process.pid, signal);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  STOP_SIGNALS.forEach((signal) => process.on(signal, onSignal));
}
