import { Logger, ServiceUnavailableException } from '@nestjs/common';
import { errorMessage } from '@app/messaging';

/**
 * Runs a call to NATS (a publish, a KV read or write, a query); when it fails, logs why and
 * answers 503 with `message`, so a client sees "try again" rather than a broker error.
 */
export async function orUnavailable<T>(logger: Logger, message: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    logger.warn(`${message}: ${errorMessage(error)}`);
    throw new ServiceUnavailableException(message);
  }
}
