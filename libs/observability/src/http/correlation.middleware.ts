import { Injectable, NestMiddleware } from '@nestjs/common';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { runWithContext } from '../context';
import { getMetrics } from '../metrics/metrics';
import { PlatformMetrics } from '../metrics/platform-metrics';
import { extractTraceContext, platformTracer } from '../tracing/spans';

export const CORRELATION_ID_HEADER = 'x-correlation-id';

/** Ids a client may choose: short, and safe to echo into a header and a log line. */
const ACCEPTABLE_CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The client's correlation id when it is acceptable, a fresh one otherwise (missing, repeated, oversized, odd characters). */
export function correlationIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && ACCEPTABLE_CORRELATION_ID.test(header) ? header : randomUUID();
}

type RoutedRequest = IncomingMessage & { originalUrl?: string; baseUrl?: string; route?: { path?: unknown } };

/**
 * The route pattern of the handler Express matched (`/orders/:orderId`), never the raw path: a
 * bounded label. `middlewareRoute` is the catch-all the middleware itself is mounted on, which
 * is all an unmatched request ever reaches.
 */
function matchedRoute(req: RoutedRequest, middlewareRoute: unknown): string | undefined {
  const path = req.route !== middlewareRoute ? req.route?.path : undefined;
  return typeof path === 'string' ? `${req.baseUrl ?? ''}${path}` : undefined;
}

/**
 * Runs each HTTP request in its own correlation context and server span (continuing an incoming
 * `traceparent`), echoes the correlation id in the response, and times the request.
 */
@Injectable()
export class CorrelationMiddleware implements NestMiddleware {
  use(req: RoutedRequest, res: ServerResponse, next: () => void): void {
    const started = performance.now();
    const middlewareRoute = req.route;
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
      const route = matchedRoute(req, middlewareRoute);
      if (route) {
        span.updateName(`${req.method} ${route}`);
        span.setAttribute('http.route', route);
      }
      span.setAttribute('http.response.status_code', res.statusCode);
      getMetrics()
        .histogram(PlatformMetrics.httpRequestDuration)
        .observe(
          {
            method: req.method ?? 'UNKNOWN',
            route: route ?? 'unmatched',
            status_code: String(res.statusCode),
          },
          (performance.now() - started) / 1_000,
        );
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });

    context.with(trace.setSpan(context.active(), span), () => runWithContext({ correlationId }, next));
  }
}
