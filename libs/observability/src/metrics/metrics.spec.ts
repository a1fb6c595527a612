import { defineCounter, defineGauge, defineHistogram } from './metric-definition';
import { Metrics, getMetrics } from './metrics';
import { PlatformMetrics } from './platform-metrics';

describe('Metrics', () => {
  it('returns the same metric when asked twice, so libraries can register without coordination', async () => {
    const metrics = new Metrics();
    const definition = defineCounter('test_orders_total', 'Orders', ['outcome']);

    metrics.counter(definition).inc({ outcome: 'ok' });
    metrics.counter({ ...definition }).inc({ outcome: 'ok' }, 2);

    expect(metrics.counter(definition)).toBe(metrics.counter(definition));
    expect(await metrics.scrape()).toContain('test_orders_total{outcome="ok"} 3');
  });

  it('refuses a name already registered as another kind', () => {
    const metrics = new Metrics();
    metrics.gauge(defineGauge('test_queue_depth', 'Depth'));

    expect(() => metrics.counter(defineCounter('test_queue_depth', 'Depth'))).toThrow(
      'Metric test_queue_depth is already registered as another kind than counter',
    );
  });

  it('labels every series with the service and includes the default process metrics', async () => {
    const metrics = new Metrics();
    metrics.setService('inventory');
    metrics.histogram(defineHistogram('test_latency_seconds', 'Latency', [], [0.1, 1])).observe(0.5);

    const text = await metrics.scrape();
    expect(text).toContain('test_latency_seconds_bucket{le="1",service="inventory"} 1');
    expect(text).toMatch(/^process_cpu_user_seconds_total\{service="inventory"\} /m);
  });

  it('registers every platform metric under its documented name and labels', async () => {
    const metrics = new Metrics();
    metrics.counter(PlatformMetrics.sagaFinished).inc({ type: 'order-fulfillment', status: 'COMPLETED' });
    metrics
      .histogram(PlatformMetrics.participantHandlerDuration)
      .observe({ service: 'payment', type: 'payment.authorize', outcome: 'SUCCESS' }, 0.004);
    metrics.gauge(PlatformMetrics.consumerAckPending).set({ consumer: 'orchestrator-replies' }, 3);
    for (const definition of Object.values(PlatformMetrics)) {
      if (definition.kind === 'counter') metrics.counter(definition);
      else if (definition.kind === 'gauge') metrics.gauge(definition);
      else metrics.histogram(definition);
    }

    const text = await metrics.scrape();
    expect(Object.values(PlatformMetrics).map((definition) => definition.name)).toEqual([
      'saga_started_total',
      'saga_finished_total',
      'saga_duration_seconds',
      'saga_step_duration_seconds',
      'saga_step_retries_total',
      'saga_compensations_total',
      'saga_timeouts_total',
      'outbox_pending_rows',
      'messaging_consumer_pending',
      'messaging_consumer_ack_pending',
      'messaging_dead_letters_total',
      'participant_handler_duration_seconds',
      'messaging_messages_total',
    ]);
    for (const definition of Object.values(PlatformMetrics)) {
      expect(text).toContain(`# TYPE ${definition.name} ${definition.kind}`);
    }
    expect(text).toContain('saga_finished_total{type="order-fulfillment",status="COMPLETED"} 1');
    expect(text).toContain(
      'participant_handler_duration_seconds_count{service="payment",type="payment.authorize",outcome="SUCCESS"} 1',
    );
    expect(text).toContain('messaging_consumer_ack_pending{consumer="orchestrator-replies"} 3');
  });

  it('has one instance per process', () => {
    expect(getMetrics()).toBe(getMetrics());
  });
});
