import type { ConsumerInfo } from 'nats';
import { Metrics } from '@app/observability';
import { sampleSum } from '@app/observability/testing/prometheus-text';
import { observeConsumerBacklog } from './consumer-backlog-metrics';

describe('observeConsumerBacklog', () => {
  const identity = { stream: 'SAGA_REPLIES', durable: 'orchestrator' };
  const labels = { stream: 'SAGA_REPLIES', consumer: 'orchestrator' };

  it('asks the server once per scrape for both gauges, and stops when told', async () => {
    const metrics = new Metrics();
    let requests = 0;
    const stop = observeConsumerBacklog(metrics, identity, async () => {
      requests += 1;
      return { num_pending: 7 * requests, num_ack_pending: 3 } as ConsumerInfo;
    });

    const first = await metrics.scrape();
    expect(requests).toBe(1);
    expect(sampleSum(first, 'messaging_consumer_pending', labels)).toBe(7);
    expect(sampleSum(first, 'messaging_consumer_ack_pending', labels)).toBe(3);
    expect(sampleSum(await metrics.scrape(), 'messaging_consumer_pending', labels)).toBe(14);
    expect(requests).toBe(2);

    stop();
    const after = await metrics.scrape();
    expect(requests).toBe(2);
    expect(sampleSum(after, 'messaging_consumer_pending', labels)).toBeUndefined();
  });

  it('leaves both gauges out of a scrape when the server does not answer', async () => {
    const metrics = new Metrics();
    observeConsumerBacklog(metrics, identity, () => Promise.reject(new Error('consumer not found')));

    const text = await metrics.scrape();
    expect(sampleSum(text, 'messaging_consumer_pending', labels)).toBeUndefined();
    expect(sampleSum(text, 'messaging_consumer_ack_pending', labels)).toBeUndefined();
  });
});
