import { randomUUID } from 'node:crypto';
import { connect } from 'nats';
import type { ServiceName } from '@app/config';
import { sampleSum } from '@app/observability/testing/prometheus-text';
import { expectEventually } from '@test/support';
import { placeOrder } from './support/gateway-client';
import { CardToken, orderBody } from './support/order-body';
import { waitForSagaTerminal } from './support/order-progress';
import { RunningPlatform, startPlatform } from './support/platform';

const SAGA = { type: 'order-fulfillment' };

describe('Prometheus metrics of the six services after real sagas', () => {
  let platform: RunningPlatform;

  beforeAll(async () => {
    platform = await startPlatform();
    const outcomes = await Promise.all(
      [
        orderBody(),
        orderBody({ items: [{ sku: 'SKU-OOS', quantity: 1, unitPriceCents: 100 }] }),
        orderBody({ token: CardToken.PROCESSING_ERROR }),
      ].map(
        async (body) =>
          (await waitForSagaTerminal(platform, (await placeOrder(platform, body)).orderId)).saga,
      ),
    );
    expect(outcomes.map((saga) => saga?.status)).toEqual(['COMPLETED', 'COMPENSATED', 'COMPLETED']);
  });
  afterAll(() => platform?.shutdown());

  const scrape = async (service: ServiceName) => {
    const response = await fetch(platform.url(service, '/metrics'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return response.text();
  };
  const sum = async (service: ServiceName, name: string, labels: Record<string, string> = {}) =>
    sampleSum(await scrape(service), name, { app: service, ...labels });

  it('orchestrator: sagas started and finished by status, their durations, step durations, retries and compensations', async () => {
    expect(await sum('orchestrator', 'saga_started_total', SAGA)).toBe(3);
    expect(await sum('orchestrator', 'saga_finished_total', { ...SAGA, status: 'COMPLETED' })).toBe(2);
    expect(await sum('orchestrator', 'saga_finished_total', { ...SAGA, status: 'COMPENSATED' })).toBe(1);
    expect(await sum('orchestrator', 'saga_duration_seconds_count', { ...SAGA, status: 'COMPLETED' })).toBe(
      2,
    );
    expect(await sum('orchestrator', 'saga_duration_seconds_sum', SAGA)).toBeGreaterThan(0);

    const step = (name: string, outcome: string) =>
      sum('orchestrator', 'saga_step_duration_seconds_count', { ...SAGA, step: name, outcome });
    expect(await step('create-order', 'succeeded')).toBe(3);
    expect(await step('reserve-inventory', 'succeeded')).toBe(2);
    expect(await step('reserve-inventory', 'failed')).toBe(1);
    expect(await step('approve-order', 'succeeded')).toBe(2);

    // tok_processingError fails transiently twice before it approves.
    expect(
      await sum('orchestrator', 'saga_step_retries_total', { step: 'authorize-payment', phase: 'forward' }),
    ).toBe(2);
    // SKU-OOS: the order it created is cancelled; nothing else had succeeded.
    expect(await sum('orchestrator', 'saga_compensations_total', { step: 'create-order' })).toBe(1);
    expect(await sum('orchestrator', 'saga_compensations_total')).toBe(1);
    expect(await sum('orchestrator', 'saga_timeouts_total')).toBeUndefined();
  });

  it('orchestrator: replies consumed, its consumers backlog and its outbox, read at scrape time', async () => {
    // Replies: 6 (tok_visa) + 3 (SKU-OOS: create, reserve refused, cancel) + 8 (two transient authorize failures).
    expect(
      await sum('orchestrator', 'messaging_messages_total', { consumer: 'orchestrator', outcome: 'acked' }),
    ).toBe(17);
    expect(
      await sum('orchestrator', 'messaging_messages_total', {
        consumer: 'orchestrator-starts',
        type: 'saga.start.order-fulfillment',
        outcome: 'acked',
      }),
    ).toBe(3);
    await expectEventually(async () => {
      const text = await scrape('orchestrator');
      for (const consumer of ['orchestrator', 'orchestrator-starts']) {
        expect(sampleSum(text, 'messaging_consumer_pending', { consumer })).toBe(0);
        expect(sampleSum(text, 'messaging_consumer_ack_pending', { consumer })).toBe(0);
      }
      expect(sampleSum(text, 'outbox_pending_rows', { schema: 'orchestrator' })).toBe(0);
    });
  });

  it('participants: each command timed by type and outcome, with their own backlog gauges', async () => {
    const handled = (service: ServiceName, command: string, outcome: string) =>
      sum(service, 'participant_handler_duration_seconds_count', { command, outcome });
    expect(await handled('inventory', 'inventory.reserve', 'succeeded')).toBe(2);
    expect(await handled('inventory', 'inventory.reserve', 'refused')).toBe(1);
    expect(await handled('payment', 'payment.authorize', 'transient')).toBe(2);
    expect(await handled('payment', 'payment.authorize', 'succeeded')).toBe(2);
    expect(await handled('order', 'order.cancel', 'succeeded')).toBe(1);
    expect(await handled('shipping', 'shipping.schedule', 'succeeded')).toBe(2);

    for (const [service, schema] of [
      ['order', 'orders'],
      ['inventory', 'inventory'],
      ['payment', 'payments'],
      ['shipping', 'shipping'],
    ] as const) {
      await expectEventually(async () => {
        const text = await scrape(service);
        expect(
          sampleSum(text, 'messaging_consumer_pending', { stream: 'SAGA_COMMANDS', consumer: service }),
        ).toBe(0);
        expect(sampleSum(text, 'outbox_pending_rows', { schema })).toBe(0);
        expect(sampleSum(text, 'process_resident_memory_bytes', { app: service })).toBeGreaterThan(0);
      });
    }
  });

  it('participants: a malformed command is a dead letter of that consumer, classed invalid', async () => {
    const connection = await connect({ servers: platform.nats.url });
    try {
      await connection
        .jetstream()
        .publish('saga.cmd.shipping.schedule', '{"orderId":', { msgID: randomUUID() });
    } finally {
      await connection.close();
    }
    await expectEventually(async () =>
      expect(
        await sum('shipping', 'messaging_dead_letters_total', { consumer: 'shipping', reason: 'invalid' }),
      ).toBe(1),
    );
    expect(
      await sum('shipping', 'messaging_messages_total', {
        consumer: 'shipping',
        type: 'invalid',
        outcome: 'dead-lettered',
      }),
    ).toBe(1);
  });

  it('gateway: requests timed by method, route pattern and status, without the ids in the path', async () => {
    const text = await scrape('gateway');
    const requests = (labels: Record<string, string>) =>
      sampleSum(text, 'http_request_duration_seconds_count', { app: 'gateway', ...labels });
    expect(requests({ method: 'POST', route: '/orders', status_code: '202' })).toBe(3);
    expect(requests({ method: 'GET', route: '/orders/:orderId', status_code: '200' })).toBeGreaterThanOrEqual(
      3,
    );
    expect(text).not.toMatch(/route="\/orders\/[0-9a-f-]{36}"/);
    expect(sampleSum(text, 'process_cpu_seconds_total', { app: 'gateway' })).toBeGreaterThan(0);
    // No `service` label of our own: Prometheus Operator sets it to the scraped Kubernetes Service.
    expect(text).not.toMatch(/[{,]service="/);
  });
});
