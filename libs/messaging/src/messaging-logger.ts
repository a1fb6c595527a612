import { Logger } from '@nestjs/common';

/**
 * The little this lib logs through: satisfied by a pino logger (`info`) and by a Nest
 * `Logger` (`log`) alike, so callers pass whichever they have.
 */
export interface MessagingLogger {
  info?(message: string): unknown;
  log?(message: string): unknown;
  warn(message: string): unknown;
  error(message: string): unknown;
}

export function logInfo(logger: MessagingLogger, message: string): void {
  if (logger.info) logger.info(message);
  else logger.log?.(message);
}

export function defaultLogger(context: string): MessagingLogger {
  return new Logger(context);
}
