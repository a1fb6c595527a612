import { Injectable, NestMiddleware } from '@nestjs/common';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { runWithContext } from '../context';
import { extractTraceContext, platformTracer } from '../tracing/spans';

export const CORRELATION_ID_HEADER = 'x-correlation-id';

/** Ids a client may choose: short, and safe to echo into a header and a log line. */
const ACCEPTABLE_CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The client's correlation id when it is acceptable, a fresh one otherwise (missing, repeated, oversized, odd characters). */
export function correlationIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && ACCEPTABLE_CORRELATION_ID.test(header) ? header : randomUUID();
}

/**
 * Runs each HTTP request in its own correlation context and server span (continuing an incoming
 * `traceparent`), and echoes the correlation id in the response.
 */
@Injectable()
export class CorrelationMiddleware implements NestMiddleware {
  use(req: IncomingMessage & { originalUrl?: string }, res: ServerResponse, next: () => void): void {
    const correlationId = correlationIdFrom(req.headers[CORRELATION_ID_HEADER]);
    res.setHeader(CORRELATION_ID_HEADER, correlationId);

    const span = platformTracer().startSpan(
      `HTTP ${req.method}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': req.method ?? 'UNKNOWN',
          // Express rewrites `url` relative to where the middleware is mounted.
          'url.path': (req.originalUrl ?? req.url ?? '').split('?')[0],
          'correlation.id': correlationId,
        },
      },
      extractTraceContext(req.headers),
    );
    res.once('close', () => {
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });

    context.with(trace.setSpan(context.active(), span), () => runWithContext({ correlationId }, next));
  }
}
