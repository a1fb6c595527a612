import { runWithContext } from '../context';
import { initTracing } from '../tracing/tracing';
import { withSpan } from '../tracing/spans';
import { captureLines } from './capture-lines';
import { createLogger } from './logger';

describe('createLogger', () => {
  it('writes one JSON object per line with the service, a level label and an ISO time', () => {
    const destination = captureLines();
    const logger = createLogger({ service: 'payment', level: 'info', destination });

    logger.info({ orderId: 'o-1' }, 'payment authorized');
    logger.debug('not at info level');

    expect(destination.lines).toHaveLength(1);
    expect(destination.lines[0]).toMatchObject({
      service: 'payment',
      level: 'info',
      orderId: 'o-1',
      msg: 'payment authorized',
    });
    expect(new Date(destination.lines[0].time as string).toISOString()).toBe(destination.lines[0].time);
  });

  it('carries the saga, correlation, causation and message ids of the current context', () => {
    const destination = captureLines();
    const logger = createLogger({ service: 'orchestrator', destination });

    runWithContext({ sagaId: 's-1', correlationId: 'c-1', causationId: 'm-0', messageId: 'm-1' }, () =>
      logger.info('step sent'),
    );
    logger.info('outside any unit of work');

    expect(destination.lines[0]).toMatchObject({
      sagaId: 's-1',
      correlationId: 'c-1',
      causationId: 'm-0',
      messageId: 'm-1',
    });
    expect(destination.lines[1]).not.toHaveProperty('sagaId');
    expect(destination.lines[1]).not.toHaveProperty('correlationId');
  });

  it('carries the active trace and span ids', async () => {
    const tracing = initTracing({ service: 'order' });
    try {
      const destination = captureLines();
      const logger = createLogger({ service: 'order', destination });

      const ids = await withSpan('handle', {}, (span) => {
        logger.info('inside a span');
        return span.spanContext();
      });
      logger.info('after the span');

      expect(destination.lines[0]).toMatchObject({ traceId: ids.traceId, spanId: ids.spanId });
      expect(ids.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(destination.lines[1]).not.toHaveProperty('traceId');
    } finally {
      await tracing.shutdown();
    }
  });

  it('never writes secrets', () => {
    const destination = captureLines();
    const logger = createLogger({ service: 'gateway', destination });

    logger.info(
      {
        authorization: 'Bearer top-secret-1',
        ADMIN_TOKEN: 'top-secret-2',
        password: 'top-secret-3',
        payment: { method: 'card', token: 'top-secret-4' },
        req: { headers: { authorization: 'Bearer top-secret-5', accept: 'application/json' } },
        config: { adminToken: 'top-secret-6', nats: { pass: 'top-secret-7' } },
      },
      'request',
    );

    const line = JSON.stringify(destination.lines[0]);
    expect(line).not.toContain('top-secret');
    expect(destination.lines[0]).toMatchObject({
      authorization: '[REDACTED]',
      payment: { method: 'card', token: '[REDACTED]' },
      req: { headers: { authorization: '[REDACTED]', accept: 'application/json' } },
    });
  });
});
