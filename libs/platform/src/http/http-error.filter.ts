import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { ServerResponse } from 'node:http';

/**
 * Every error leaves the gateway as `{statusCode, message}`: HTTP exceptions keep their status and
 * message, anything else becomes a bare 500 (logged here) so no stack trace, SQL or broker detail
 * reaches a client. Bodies without a `message` (health check results) pass through unchanged.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<ServerResponse>();
    if (response.headersSent) return;
    const { httpAdapter } = this.adapterHost;
    if (exception instanceof HttpException) {
      httpAdapter.reply(response, toErrorBody(exception), exception.getStatus());
      return;
    }
    this.logger.error(
      exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
    );
    const statusCode = HttpStatus.INTERNAL_SERVER_ERROR;
    httpAdapter.reply(response, { statusCode, message: 'Internal server error' }, statusCode);
  }
}

function toErrorBody(exception: HttpException): object {
  const statusCode = exception.getStatus();
  const body = exception.getResponse();
  if (typeof body === 'string') return { statusCode, message: body };
  if ('message' in body) return { statusCode, message: (body as { message: unknown }).message };
  return body;
}
