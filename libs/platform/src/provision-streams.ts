import { setTimeout as delay } from 'node:timers/promises';
import { ErrorCode, NatsError } from 'nats';
import { type Backoff, backoffDelayMs } from '@app/backoff';
import { errorMessage } from '@app/messaging';

/** Signs that JetStream is there but not answering yet, rather than refusing what was asked. */
const NOT_READY = /TIMEOUT|no responders|temporarily unavailable|no suitable peers|not current|leader/i;

/**
 * Whether a provisioning failure means "JetStream is not ready yet": a restarted server still
 * recovering its store, a cluster still electing its leaders, a node just lost. A refused
 * configuration (a conflicting stream, bad limits) is not: it would fail the same way forever.
 */
export function isJetStreamNotReady(error: unknown): boolean {
  if (
    error instanceof NatsError &&
    (error.code === ErrorCode.Timeout || error.code === ErrorCode.NoResponders)
  )
    return true;
  return NOT_READY.test(errorMessage(error));
}

const WAIT: Backoff = { initialMs: 250, maxMs: 5_000, multiplier: 2, jitter: 'equal' };

/**
 * Runs `provision` (creating or updating the streams) until it succeeds, waiting out a JetStream
 * that is not ready yet as connecting waits out a server that is not up yet: a process started
 * during a failover then comes up with it instead of exiting. Anything else is thrown at once.
 */
export async function provisionWhenReady(
  provision: () => Promise<void>,
  warn: (message: string) => void,
  backoff: Backoff = WAIT,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await provision();
      return;
    } catch (error) {
      if (!isJetStreamNotReady(error)) throw error;
      const waitMs = backoffDelayMs(backoff, attempt);
      warn(
        `JetStream is not ready to provision the streams (${errorMessage(error)}); retrying in ${waitMs} ms`,
      );
      await delay(waitMs);
    }
  }
}
