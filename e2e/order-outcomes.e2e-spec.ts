import { randomUUID } from 'node:crypto';
import { inconsistencies } from './support/consistency';
import { placeOrder, postOrder } from './support/gateway-client';
import { CardToken, OrderBodyOptions, orderBody } from './support/order-body';
import { waitForSagaTerminal } from './support/order-progress';
import { RunningPlatform, startPlatform } from './support/platform';
import { sagaTimeline, sagasStartedWithKey } from './support/orchestrator-records';

describe('order outcomes across the six services', () => {
  let platform: RunningPlatform;

  beforeAll(async () => {
    platform = await startPlatform();
  });
  afterAll(() => platform?.shutdown());

  /** Places one order, waits for its saga to end, and checks every service agrees on the outcome. */
  async function settle(options: OrderBodyOptions) {
    const placed = await placeOrder(platform, orderBody(options));
    const view = await waitForSagaTerminal(platform, placed.orderId);
    expect(view.saga?.sagaId).toBe(placed.sagaId);
    expect(inconsistencies([view])).toEqual([]);
    return { placed, view };
  }

  it('approves a paid, in-stock order to a supported country', async () => {
    const { placed, view } = await settle({});
    expect(view).toEqual({
      orderId: placed.orderId,
      status: 'APPROVED',
      customerId: 'cust-e2e',
      currency: 'USD',
      items: orderBody().items,
      totalCents: 2 * 1299 + 500,
      saga: { sagaId: placed.sagaId, status: 'COMPLETED', currentStep: 'approve-order' },
      reservation: {
        reservationId: expect.any(String),
        status: 'RESERVED',
        items: [
          { sku: 'SKU-001', quantity: 2 },
          { sku: 'SKU-002', quantity: 1 },
        ],
      },
      payment: {
        paymentId: expect.any(String),
        status: 'CAPTURED',
        amountCents: 3098,
        currency: 'USD',
        refundedCents: 0,
      },
      shipment: {
        shipmentId: expect.any(String),
        status: 'SCHEDULED',
        trackingNumber: expect.any(String),
        country: 'US',
      },
      returns: [],
    });
  });

  it('cancels an order for a sku out of stock, without touching payment or shipping', async () => {
    const { view } = await settle({ items: [{ sku: 'SKU-OOS', quantity: 1, unitPriceCents: 100 }] });
    expect(view).toMatchObject({
      status: 'CANCELLED',
      saga: { status: 'COMPENSATED' },
      reservation: null,
      payment: null,
      shipment: null,
    });
  });

  it.each([
    ['a declined card', CardToken.DECLINED],
    ['insufficient funds', CardToken.INSUFFICIENT_FUNDS],
  ])('cancels the order and releases its stock on %s', async (_case, token) => {
    const { view } = await settle({ token });
    expect(view).toMatchObject({
      status: 'CANCELLED',
      saga: { status: 'COMPENSATED' },
      reservation: { status: 'RELEASED' },
      payment: { status: 'DECLINED' },
      shipment: null,
    });
  });

  it('retries a card processing error and completes the order', async () => {
    const { placed, view } = await settle({ token: CardToken.PROCESSING_ERROR });
    expect(view).toMatchObject({ status: 'APPROVED', saga: { status: 'COMPLETED' } });
    const authorizations = (await sagaTimeline(platform, placed.sagaId)).filter(
      (entry) => entry.kind === 'command-sent' && entry.step === 'authorize-payment',
    );
    expect(authorizations.map((entry) => entry.detail.attempt)).toEqual([1, 2, 3]);
  });

  it('voids, releases and cancels when the payment step times out', async () => {
    const { placed, view } = await settle({ token: CardToken.NEVER_ANSWERS });
    expect(view).toMatchObject({
      status: 'CANCELLED',
      saga: { status: 'COMPENSATED' },
      reservation: { status: 'RELEASED' },
      payment: null,
      shipment: null,
    });
    const timeline = await sagaTimeline(platform, placed.sagaId);
    const story = timeline
      .filter((entry) => ['timeout', 'compensation-sent'].includes(entry.kind))
      .map((entry) => `${entry.kind} ${entry.step}`);
    expect(story).toEqual([
      'timeout authorize-payment',
      'compensation-sent authorize-payment',
      'compensation-sent reserve-inventory',
      'compensation-sent create-order',
    ]);
  });

  it('voids, releases and cancels when shipping does not serve the country', async () => {
    const { placed, view } = await settle({ country: 'BR' });
    expect(view).toMatchObject({
      status: 'CANCELLED',
      saga: { status: 'COMPENSATED' },
      reservation: { status: 'RELEASED' },
      payment: { status: 'VOIDED' },
      shipment: null,
    });
    const compensated = (await sagaTimeline(platform, placed.sagaId))
      .filter((entry) => entry.kind === 'compensation-sent')
      .map((entry) => entry.step);
    expect(compensated).toEqual(['authorize-payment', 'reserve-inventory', 'create-order']);
  });

  it('answers a replayed POST with the same ids and one saga, and a changed body with 409', async () => {
    const idempotencyKey = randomUUID();
    const body = orderBody({ customerId: `cust-${idempotencyKey.slice(0, 8)}` });
    const first = await placeOrder(platform, body, { idempotencyKey });
    const replays = await Promise.all([1, 2, 3].map(() => placeOrder(platform, body, { idempotencyKey })));
    for (const replay of replays) expect(replay).toEqual(first);

    const changed = await postOrder(
      platform,
      { ...body, currency: 'EUR' },
      { 'idempotency-key': idempotencyKey },
    );
    expect(changed.status).toBe(409);
    expect(await changed.json()).toMatchObject({ statusCode: 409 });

    const view = await waitForSagaTerminal(platform, first.orderId);
    expect(view.saga).toMatchObject({ sagaId: first.sagaId, status: 'COMPLETED' });
    expect(await sagasStartedWithKey(platform, idempotencyKey)).toEqual([first.sagaId]);
  });
});
