import {
  DynamicModule,
  Inject,
  Injectable,
  MiddlewareConsumer,
  Module,
  NestMiddleware,
  NestModule,
} from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';

/** Scrapes and probes would drown the log: one line per request for everything else. */
const UNLOGGED_PATHS = /^\/(metrics|health\/(live|ready))(\?|$)/;

const REQUEST_LOGGER = Symbol('REQUEST_LOGGER');
const MAX_REQUEST_ID = 2147483647;

type LoggedRequest = IncomingMessage & { originalUrl?: string; id?: unknown; readableAborted?: boolean };

/**
 * One line per finished request, as pino-http wrote it: `reqId`, `req` (method and URL), `res`
 * (status code), `responseTime` in ms; "request completed" (or "request aborted"), or "request
 * errored" with `err` for a 5xx or a failed response; info below 400, warn below 500, else
 * error. Written once, when the response ends, with none of pino-http's per-request child
 * loggers (two per request, each serialised and redacted) nor nestjs-pino's per-request store.
 */
@Injectable()
export class RequestLoggingMiddleware implements NestMiddleware {
  private nextId = 0;

  constructor(@Inject(REQUEST_LOGGER) private readonly logger: Logger) {}

  use(req: LoggedRequest, res: ServerResponse & { err?: unknown }, next: () => void): void {
    const reqId = req.id || (this.nextId = (this.nextId + 1) & MAX_REQUEST_ID);
    req.id = reqId;
    const url = req.originalUrl || req.url;
    if (UNLOGGED_PATHS.test(url ?? '')) return next();
    const started = Date.now();
    const method = req.method;
    const complete = (error?: unknown) => {
      res.removeListener('close', complete);
      res.removeListener('finish', complete);
      res.removeListener('error', complete);
      this.log(req, res, { reqId, req: { method, url } }, Date.now() - started, error);
    };
    res.on('close', complete);
    res.on('finish', complete);
    res.on('error', complete);
    next();
  }

  private log(
    req: LoggedRequest,
    res: ServerResponse & { err?: unknown },
    request: { reqId: unknown; req: { method?: string; url?: string } },
    responseTime: number,
    error: unknown,
  ): void {
    const statusCode = res.statusCode;
    const failure =
      error ||
      res.err ||
      (statusCode >= 500 ? new Error(`failed with status code ${statusCode}`) : undefined);
    const level = error || statusCode >= 500 ? 'error' : statusCode >= 400 ? 'warn' : 'info';
    if (failure) {
      this.logger[level]({ ...request, res: { statusCode }, err: failure, responseTime }, 'request errored');
      return;
    }
    const message = !req.readableAborted && res.writableEnded ? 'request completed' : 'request aborted';
    this.logger[level]({ ...request, res: { statusCode }, responseTime }, message);
  }
}

@Module({})
class RequestLoggingModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestLoggingMiddleware).forRoutes('*');
  }
}

/**
 * One JSON line per finished HTTP request (method, path, status, duration) through the service's
 * logger, so it carries the correlation and trace ids like every other line.
 */
export function requestLoggingModule(logger: Logger): DynamicModule {
  return {
    module: RequestLoggingModule,
    providers: [{ provide: REQUEST_LOGGER, useValue: logger }, RequestLoggingMiddleware],
  };
}
