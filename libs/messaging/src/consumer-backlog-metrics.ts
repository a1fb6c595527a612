import type { ConsumerInfo } from 'nats';
import { type Metrics, PlatformMetrics } from '@app/observability';

export interface ConsumerIdentity {
  stream: string;
  durable: string;
}

/**
 * Reports a durable consumer's backlog (`num_pending`) and unacknowledged deliveries
 * (`num_ack_pending`) as gauges, asking the server on every scrape. Returns the function that
 * stops reporting.
 */
export function observeConsumerBacklog(
  metrics: Metrics,
  { stream, durable }: ConsumerIdentity,
  readInfo: () => Promise<ConsumerInfo>,
): () => void {
  // A scrape reads both gauges at once: they share the one request in flight.
  let reading: Promise<ConsumerInfo> | undefined;
  const info = () =>
    (reading ??= readInfo().finally(() => {
      reading = undefined;
    }));
  const labels = { stream, consumer: durable };
  const stopPending = metrics.observeGauge(PlatformMetrics.consumerPending, async () => [
    { labels, value: (await info()).num_pending },
  ]);
  const stopAckPending = metrics.observeGauge(PlatformMetrics.consumerAckPending, async () => [
    { labels, value: (await info()).num_ack_pending },
  ]);
  return () => {
    stopPending();
    stopAckPending();
  };
}
