import type { LoggerService } from '@nestjs/common';
import type { Level, Logger } from 'pino';

const STACK_TRACE = /\n\s+at /;

/**
 * Nest's own logger calls (`log(message, ...params, context)`, `error(message, stack?, context?)`)
 * written through pino, so framework lines are JSON like everything else.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    const stackIndex = params.findIndex((param) => typeof param === 'string' && STACK_TRACE.test(param));
    const stack = stackIndex >= 0 ? (params[stackIndex] as string) : undefined;
    const rest = stackIndex >= 0 ? params.filter((_, index) => index !== stackIndex) : params;
    this.write('error', message, rest, stack ? { stack } : {});
  }

  private write(
    level: Level,
    message: unknown,
    params: unknown[],
    extra: Record<string, unknown> = {},
  ): void {
    if (!this.logger.isLevelEnabled(level)) return;
    const last = params.at(-1);
    const context = typeof last === 'string' ? last : undefined;
    const rest = context === undefined ? params : params.slice(0, -1);
    const fields: Record<string, unknown> = { ...extra };
    if (context) fields.context = context;
    if (rest.length > 0) fields.params = rest;

    if (message instanceof Error) {
      this.logger[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level]({ ...fields, ...message });
    } else {
      this.logger[level](fields, String(message));
    }
  }
}
