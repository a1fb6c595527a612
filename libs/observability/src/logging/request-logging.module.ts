import type { DynamicModule } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';

/** Scrapes and probes would drown the log: one line per request for everything else. */
const UNLOGGED_PATHS = /^\/(metrics|health\/(live|ready))(\?|$)/;

/**
 * One JSON line per finished HTTP request (method, path, status, duration) through the service's
 * logger, so it carries the correlation and trace ids like every other line.
 */
export function requestLoggingModule(logger: Logger): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      logger,
      quietReqLogger: true,
      autoLogging: {
        ignore: (req: IncomingMessage & { originalUrl?: string }) =>
          UNLOGGED_PATHS.test(req.originalUrl ?? req.url ?? ''),
      },
      customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
        error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      serializers: {
        req: (req: { method?: string; url?: string }) => ({ method: req.method, url: req.url }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
    },
  });
}
