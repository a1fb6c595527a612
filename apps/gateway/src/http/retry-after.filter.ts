import type { ServerResponse } from 'node:http';
import { ArgumentsHost, Catch, HttpException, HttpStatus } from '@nestjs/common';
import { HttpErrorFilter } from '@app/platform';

/**
 * A few NATS reconnect attempts (one a second): long enough that a retry is likely to find the
 * broker back after a blip, short enough that a client is not parked behind a long outage.
 */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** The header as the OpenAPI document lists it on every 503. */
export const RETRY_AFTER_HEADER = {
  'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } },
};

/**
 * Every 503 the gateway answers (broker unreachable, a service not answering) tells the client
 * when to try again, so well-behaved clients back off instead of hammering a recovering system.
 * An exception filter rather than an interceptor: a filter costs nothing until something throws,
 * while any global interceptor puts every request through an RxJS pipeline.
 */
@Catch()
export class RetryAfterErrorFilter extends HttpErrorFilter {
  override catch(exception: unknown, host: ArgumentsHost): void {
    if (isServiceUnavailable(exception)) {
      const response = host.switchToHttp().getResponse<ServerResponse>();
      if (!response.headersSent) response.setHeader('Retry-After', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    }
    super.catch(exception, host);
  }
}

function isServiceUnavailable(error: unknown): boolean {
  return error instanceof HttpException && error.getStatus() === HttpStatus.SERVICE_UNAVAILABLE;
}
