import {
  Controller,
  Get,
  INestApplication,
  MiddlewareConsumer,
  Module,
  NestModule,
  Query,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import request from 'supertest';
import { expectEventually } from '@test/support';
import { currentContext } from '../context';
import { captureLines } from '../logging/capture-lines';
import { getMetrics } from '../metrics/metrics';
import { sampleSum } from '../testing/prometheus-text';
import { createLogger } from '../logging/logger';
import { requestLoggingModule } from '../logging/request-logging.module';
import { Tracing, initTracing } from '../tracing/tracing';
import { CORRELATION_ID_HEADER, CorrelationMiddleware, correlationIdFrom } from './correlation.middleware';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const destination = captureLines();
const logger = createLogger({ service: 'gateway', destination });

@Controller()
class ProbeController {
  /** Answers after `delayMs`, with what the request's context looked like at that point. */
  @Get('probe')
  async probe(@Query('delayMs') delayMs?: string) {
    await new Promise((resolve) => setTimeout(resolve, Number(delayMs ?? 0)));
    logger.info('probe handled');
    return {
      correlationId: currentContext().correlationId,
      traceId: trace.getActiveSpan()?.spanContext().traceId,
    };
  }

  @Get('health/live')
  live() {
    return { status: 'ok' };
  }
}

@Module({ imports: [requestLoggingModule(logger)], controllers: [ProbeController] })
class ProbeModule implements NestModule {
  configure(consumer: MiddlewareConsumer) {
    consumer.apply(CorrelationMiddleware).forRoutes('*');
  }
}

describe('CorrelationMiddleware', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let app: INestApplication;

  beforeAll(async () => {
    tracing = initTracing({ service: 'gateway', exporter });
    const moduleRef = await Test.createTestingModule({ imports: [ProbeModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app.close();
    await tracing.shutdown();
  });

  beforeEach(() => {
    destination.lines.length = 0;
  });

  it('runs the request under the client correlation id and echoes it', async () => {
    const response = await request(app.getHttpServer())
      .get('/probe')
      .set('X-Correlation-Id', 'client-req_42:a.b')
      .expect(200);

    expect(response.headers[CORRELATION_ID_HEADER]).toBe('client-req_42:a.b');
    expect(response.body.correlationId).toBe('client-req_42:a.b');
    expect(destination.lines.find((line) => line.msg === 'probe handled')).toMatchObject({
      correlationId: 'client-req_42:a.b',
      service: 'gateway',
    });
  });

  it('generates an id when the client sends none', async () => {
    const response = await request(app.getHttpServer()).get('/probe').expect(200);

    expect(response.headers[CORRELATION_ID_HEADER]).toMatch(UUID);
    expect(response.body.correlationId).toBe(response.headers[CORRELATION_ID_HEADER]);
  });

  it.each([
    ['oversized', 'x'.repeat(129)],
    ['malformed', 'has spaces; and=semicolons'],
    ['repeated', ['first', 'second']],
  ])('replaces a %s correlation id with a fresh one', async (_case, value) => {
    const response = await request(app.getHttpServer())
      .get('/probe')
      .set({ 'X-Correlation-Id': value })
      .expect(200);

    expect(response.headers[CORRELATION_ID_HEADER]).toMatch(UUID);
    expect(response.body.correlationId).toBe(response.headers[CORRELATION_ID_HEADER]);
  });

  it('keeps concurrent requests apart when they finish out of order', async () => {
    const server = app.getHttpServer();
    const [slow, fast] = await Promise.all([
      request(server).get('/probe?delayMs=50').set('X-Correlation-Id', 'slow'),
      request(server).get('/probe').set('X-Correlation-Id', 'fast'),
    ]);

    expect(slow.body.correlationId).toBe('slow');
    expect(fast.body.correlationId).toBe('fast');
  });

  it('continues the trace of an incoming traceparent in a server span', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const response = await request(app.getHttpServer())
      .get('/probe')
      .set('traceparent', `00-${traceId}-00f067aa0ba902b7-01`)
      .expect(200);

    expect(response.body.traceId).toBe(traceId);
    await expectEventually(async () => {
      await tracing.forceFlush();
      const serverSpan = exporter.getFinishedSpans().find((span) => span.spanContext().traceId === traceId);
      expect(serverSpan).toMatchObject({
        name: 'GET /probe',
        parentSpanContext: expect.objectContaining({ spanId: '00f067aa0ba902b7' }),
        attributes: expect.objectContaining({
          'url.path': '/probe',
          'http.route': '/probe',
          'http.response.status_code': 200,
        }),
      });
    });
  });

  it('logs each finished request once, with its correlation id and without credentials', async () => {
    await request(app.getHttpServer()).get('/health/live').expect(200);
    await request(app.getHttpServer())
      .get('/probe?delayMs=1')
      .set('X-Correlation-Id', 'logged-request')
      .set('Authorization', 'Bearer never-in-logs')
      .expect(200);

    await expectEventually(() => {
      const requestLines = destination.lines.filter((line) => line.msg === 'request completed');
      expect(requestLines).toContainEqual(
        expect.objectContaining({
          correlationId: 'logged-request',
          req: { method: 'GET', url: '/probe?delayMs=1' },
          res: { statusCode: 200 },
          level: 'info',
        }),
      );
      expect(requestLines.filter((line) => line.correlationId === 'logged-request')).toHaveLength(1);
      expect(requestLines.filter((line) => (line.req as { url: string }).url === '/health/live')).toEqual([]);
    });
    expect(JSON.stringify(destination.lines)).not.toContain('never-in-logs');
  });
});

describe('CorrelationMiddleware request metrics', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ProbeModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(() => app.close());

  const requests = async (labels: Record<string, string>) =>
    sampleSum(await getMetrics().scrape(), 'http_request_duration_seconds_count', labels) ?? 0;

  it('times each request by method, route pattern and status, and never by the raw path', async () => {
    const probe = { method: 'GET', route: '/probe', status_code: '200' };
    const unmatched = { method: 'GET', route: 'unmatched', status_code: '404' };
    const [probesBefore, unmatchedBefore] = [await requests(probe), await requests(unmatched)];

    await request(app.getHttpServer()).get('/probe?delayMs=1').expect(200);
    await request(app.getHttpServer()).get('/no/such/path/abc-123').expect(404);
    await request(app.getHttpServer()).get('/no/such/path/def-456').expect(404);

    await expectEventually(async () => {
      expect(await requests(probe)).toBe(probesBefore + 1);
      expect(await requests(unmatched)).toBe(unmatchedBefore + 2);
    });
    expect(await getMetrics().scrape()).not.toContain('abc-123');
  });
});

describe('correlationIdFrom', () => {
  it('accepts short ids of safe characters and replaces anything else', () => {
    expect(correlationIdFrom('abc-123')).toBe('abc-123');
    expect(correlationIdFrom('a'.repeat(128))).toBe('a'.repeat(128));
    expect(correlationIdFrom('a'.repeat(129))).toMatch(UUID);
    expect(correlationIdFrom('')).toMatch(UUID);
    expect(correlationIdFrom('line\nbreak')).toMatch(UUID);
    expect(correlationIdFrom(['a', 'b'])).toMatch(UUID);
    expect(correlationIdFrom(undefined)).toMatch(UUID);
  });
});
