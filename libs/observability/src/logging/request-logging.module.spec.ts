import { EventEmitter } from 'node:events';
import { captureLines } from './capture-lines';
import { createLogger } from './logger';
import { RequestLoggingMiddleware } from './request-logging.module';

type FakeResponse = EventEmitter & { statusCode: number; writableEnded: boolean; err?: unknown };

function exchange(url: string, method = 'POST') {
  const req = Object.assign(new EventEmitter(), { method, url: url.replace(/^\/api/, ''), originalUrl: url });
  const res: FakeResponse = Object.assign(new EventEmitter(), { statusCode: 200, writableEnded: false });
  return { req, res };
}

describe('RequestLoggingMiddleware', () => {
  let destination: ReturnType<typeof captureLines>;
  let middleware: RequestLoggingMiddleware;

  beforeEach(() => {
    destination = captureLines();
    middleware = new RequestLoggingMiddleware(createLogger({ service: 'gateway', destination }));
  });

  function run(url: string, finish: (res: FakeResponse) => void, method?: string) {
    const { req, res } = exchange(url, method);
    let nextCalls = 0;
    middleware.use(req as never, res as never, () => void nextCalls++);
    expect(nextCalls).toBe(1);
    finish(res);
    return req;
  }

  it('logs a finished request once, with its id, method, full URL, status and duration', () => {
    const req = run('/api/orders?x=1', (res) => {
      res.statusCode = 202;
      res.writableEnded = true;
      res.emit('finish');
      res.emit('close');
    });
    expect(destination.lines).toEqual([
      expect.objectContaining({
        level: 'info',
        service: 'gateway',
        reqId: 1,
        req: { method: 'POST', url: '/api/orders?x=1' },
        res: { statusCode: 202 },
        responseTime: expect.any(Number),
        msg: 'request completed',
      }),
    ]);
    expect((req as unknown as { id: unknown }).id).toBe(1);
  });

  it('warns on a 4xx, logs a 5xx as an error with err, and an error event as errored', () => {
    run('/orders', (res) => {
      res.statusCode = 429;
      res.writableEnded = true;
      res.emit('finish');
    });
    run('/orders', (res) => {
      res.statusCode = 503;
      res.writableEnded = true;
      res.emit('finish');
    });
    run('/orders', (res) => res.emit('error', new Error('socket hang up')));
    expect(destination.lines.map(({ level, reqId, msg, res }) => ({ level, reqId, msg, res }))).toEqual([
      { level: 'warn', reqId: 1, msg: 'request completed', res: { statusCode: 429 } },
      { level: 'error', reqId: 2, msg: 'request errored', res: { statusCode: 503 } },
      { level: 'error', reqId: 3, msg: 'request errored', res: { statusCode: 200 } },
    ]);
    expect(destination.lines[1].err).toMatchObject({ type: 'Error', message: 'failed with status code 503' });
    expect(destination.lines[2].err).toMatchObject({ type: 'Error', message: 'socket hang up' });
  });

  it('says when the response closed before it ended', () => {
    run('/orders', (res) => res.emit('close'));
    expect(destination.lines).toEqual([expect.objectContaining({ level: 'info', msg: 'request aborted' })]);
  });

  it('leaves scrapes and probes out', () => {
    for (const url of ['/metrics', '/health/live', '/health/ready?x=1']) {
      run(
        url,
        (res) => {
          res.writableEnded = true;
          res.emit('finish');
        },
        'GET',
      );
    }
    run('/health/other', (res) => res.emit('finish'), 'GET');
    expect(destination.lines.map((line) => (line.req as { url: string }).url)).toEqual(['/health/other']);
  });
});
