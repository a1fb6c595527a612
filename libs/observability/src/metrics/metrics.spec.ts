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
    expect(text).toContain('test_latency_seconds_bucket{le="1",app="inventory"} 1');
    expect(text).toMatch(/^process_cpu_user_seconds_total\{app="inventory"\} /m);
  });

  it('registers every platform metric under its documented name and labels', async () => {
    const metrics = new Metrics();
    metrics.setService('payment');
    metrics.counter(PlatformMetrics.sagaFinished).inc({ type: 'order-fulfillment', status: 'COMPLETED' });
    metrics
      .histogram(PlatformMetrics.participantHandlerDuration)
      .observe({ command: 'payment.authorize', outcome: 'succeeded' }, 0.004);
    metrics
      .gauge(PlatformMetrics.consumerAckPending)
      .set({ stream: 'SAGA_REPLIES', consumer: 'orchestrator' }, 3);
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
      'saga_steps_needing_attention',
      'outbox_pending_rows',
      'messaging_consumer_pending',
      'messaging_consumer_ack_pending',
      'messaging_dead_letters_total',
      'messaging_messages_total',
      'participant_handler_duration_seconds',
      'participant_transaction_batch_size',
      'saga_engine_batch_size',
      'http_request_duration_seconds',
    ]);
    for (const definition of Object.values(PlatformMetrics)) {
      expect(text).toContain(`# TYPE ${definition.name} ${definition.kind}`);
      expect(definition.labelNames).not.toContain('service');
    }
    expect(text).toContain(
      'saga_finished_total{type="order-fulfillment",status="COMPLETED",app="payment"} 1',
    );
    expect(text).toContain(
      'participant_handler_duration_seconds_count{app="payment",command="payment.authorize",outcome="succeeded"} 1',
    );
    expect(text).toContain(
      'messaging_consumer_ack_pending{stream="SAGA_REPLIES",consumer="orchestrator",app="payment"} 3',
    );
  });

  it('has one instance per process', () => {
    expect(getMetrics()).toBe(getMetrics());
  });
});

describe('Metrics.observeGauge', () => {
  const depth = defineGauge('test_backlog', 'Backlog', ['queue']);

  it('reads the gauge afresh on every scrape, from every reader, and forgets a removed reader', async () => {
    const metrics = new Metrics();
    let orders = 4;
    metrics.observeGauge(depth, () => [{ labels: { queue: 'orders' }, value: orders }]);
    const stopRefunds = metrics.observeGauge(depth, async () => [{ labels: { queue: 'refunds' }, value: 1 }]);

    expect(await metrics.scrape()).toContain('test_backlog{queue="orders"} 4');
    orders = 7;
    const text = await metrics.scrape();
    expect(text).toContain('test_backlog{queue="orders"} 7');
    expect(text).toContain('test_backlog{queue="refunds"} 1');

    stopRefunds();
    expect(await metrics.scrape()).not.toContain('queue="refunds"');
  });

  it('leaves out the series of a reader that fails, and still answers the scrape', async () => {
    const metrics = new Metrics();
    metrics.observeGauge(depth, () => [{ labels: { queue: 'orders' }, value: 2 }]);
    metrics.observeGauge(depth, () => {
      throw new Error('database down');
    });
    metrics.observeGauge(depth, () => Promise.reject(new Error('broker down')));

    const text = await metrics.scrape();
    expect(text).toContain('test_backlog{queue="orders"} 2');
    expect(text.match(/^test_backlog\{/gm)).toHaveLength(1);
  });

  it('does not wait for a reader that hangs', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      const metrics = new Metrics();
      metrics.observeGauge(depth, () => new Promise<never>(() => undefined));
      metrics.observeGauge(depth, () => [{ labels: { queue: 'orders' }, value: 5 }]);

      const scrape = metrics.scrape();
      await jest.advanceTimersByTimeAsync(3_000);
      expect(await scrape).toContain('test_backlog{queue="orders"} 5');
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps values set by hand while no reader is registered', async () => {
    const metrics = new Metrics();
    metrics.gauge(depth).set({ queue: 'manual' }, 9);

    expect(await metrics.scrape()).toContain('test_backlog{queue="manual"} 9');
  });
});
