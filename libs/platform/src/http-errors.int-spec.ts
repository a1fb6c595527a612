import { Body, Controller, Get, INestApplication, Module, Post } from '@nestjs/common';
import request from 'supertest';
import { freePort } from '@test/support';
import { bootstrapService } from './bootstrap-service';
import { IDLE_CONNECTION_TIMEOUT_MS } from './http/idle-connections';

@Controller('probe')
class FailingController {
  @Get('crash')
  crash(): never {
    throw Object.assign(new Error('relation "orders" does not exist: SELECT * FROM orders WHERE id = $1'), {
      code: '42P01',
      query: 'SELECT * FROM orders WHERE id = $1',
    });
  }

  @Post('echo')
  echo(@Body() body: unknown): unknown {
    return body;
  }
}

@Module({ controllers: [FailingController] })
class ProbeModule {}

/**
 * What every app other than the gateway (which has its own error filter) answers when things go
 * wrong, with the HTTP setup `bootstrapService` gives it: Nest's own filter and body parser.
 */
describe('HTTP errors of a service started by bootstrapService', () => {
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    const port = await freePort();
    app = await bootstrapService('payment', {
      module: () => ProbeModule,
      env: { NODE_ENV: 'test', LOG_LEVEL: 'silent', PAYMENT_PORT: String(port) },
    });
    url = `http://127.0.0.1:${port}`;
  });
  afterAll(() => app?.close());

  const leaksNothing = (text: string) => {
    expect(text).not.toMatch(/SELECT|relation|\bat .+:\d+:\d+|node_modules|\/work\//);
  };

  it('keeps idle connections open longer than clients and load balancers keep theirs, and says so', async () => {
    const response = await request(url).get('/probe/missing').set('Connection', 'keep-alive').expect(404);
    expect(response.headers['keep-alive']).toBe(`timeout=${IDLE_CONNECTION_TIMEOUT_MS / 1000}`);
    expect(IDLE_CONNECTION_TIMEOUT_MS).toBeGreaterThan(60_000);
  });

  it('answers an internal error with a bare 500: no stack, SQL or error code', async () => {
    const response = await request(url).get('/probe/crash').expect(500);
    expect(response.body).toEqual({ statusCode: 500, message: 'Internal server error' });
    leaksNothing(response.text);
  });

  it('refuses a JSON body over 100 kB with 413', async () => {
    const response = await request(url)
      .post('/probe/echo')
      .send({ blob: 'x'.repeat(101 * 1024) })
      .expect(413);
    expect(response.body).toEqual({ statusCode: 413, message: 'request entity too large' });
    await request(url)
      .post('/probe/echo')
      .send({ blob: 'x'.repeat(90 * 1024) })
      .expect(201);
  });

  it('refuses a form body over 100 kB with 413', async () => {
    await request(url)
      .post('/probe/echo')
      .type('form')
      .send(`blob=${'x'.repeat(101 * 1024)}`)
      .expect(413);
  });

  it('answers malformed JSON with 400 and no stack', async () => {
    const response = await request(url)
      .post('/probe/echo')
      .set('Content-Type', 'application/json')
      .send('{"blob":')
      .expect(400);
    expect(response.body).toMatchObject({ statusCode: 400 });
    leaksNothing(response.text);
  });

  it('sets the security headers and hides the framework', async () => {
    const response = await request(url).get('/probe/crash');
    expect(response.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'content-security-policy': expect.stringContaining("default-src 'self'"),
    });
    expect(response.headers).not.toHaveProperty('x-powered-by');
  });
});
