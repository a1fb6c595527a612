import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { PlatformMetrics } from './platform-metrics';
import { Metrics } from './metrics';
import { MetricsModule } from './metrics.module';

describe('MetricsModule', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [MetricsModule.forRoot({ service: 'shipping' })],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(() => app.close());

  it('serves the registry as Prometheus text on GET /metrics without authentication', async () => {
    app.get(Metrics).counter(PlatformMetrics.deadLetters).inc({ consumer: 'shipping', reason: 'invalid' });

    const response = await request(app.getHttpServer()).get('/metrics').expect(200);

    expect(response.headers['content-type']).toMatch(/^text\/plain;/);
    expect(response.headers['content-type']).toContain('version=0.0.4');
    expect(response.text).toContain('# TYPE messaging_dead_letters_total counter');
    expect(response.text).toContain(
      'messaging_dead_letters_total{consumer="shipping",reason="invalid",app="shipping"} 1',
    );
  });

  it('answers only GET', async () => {
    await request(app.getHttpServer()).post('/metrics').send({}).expect(404);
  });
});
