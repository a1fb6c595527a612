import { randomUUID } from 'node:crypto';
import { inconsistencies } from './support/consistency';
import { deadLetterCount } from './support/dead-letters';
import { placeOrder, readOrder, stockOf } from './support/gateway-client';
import { CardToken, orderBody } from './support/order-body';
import { waitForSagaTerminal } from './support/order-progress';
import { RunningPlatform, startPlatform } from './support/platform';
import { restockedLines, returnAccountingErrors } from './support/return-accounting';
import {
  type ReturnView,
  postReturn,
  readReturn,
  requestReturn,
  returnBody,
  waitForReturnSettled,
  waitForReturnsSettled,
} from './support/return-client';
import { UNIT_PRICE_CENTS, type SettledOrder, approvedOrder } from './support/return-fixtures';
import { sagaStory } from './support/return-saga-story';
import { sagasOfReturn } from './support/return-sagas';
import { stockAccountingErrors, stockLevels } from './support/stock-accounting';

const REFUNDED_STORY = [
  'command-sent request-return',
  'reply-received request-return SUCCESS',
  'command-sent refund-payment',
  'reply-received refund-payment SUCCESS',
  'command-sent restock-inventory',
  'reply-received restock-inventory SUCCESS',
  'command-sent complete-return',
  'reply-received complete-return SUCCESS',
];

describe('order returns across the six services', () => {
  let platform: RunningPlatform;

  beforeAll(async () => {
    platform = await startPlatform();
  });
  afterAll(() => platform?.shutdown());

  /**
   * Makes the returns of `order` at once, waits until every one has ended, and checks that the
   * order view, the payment and the stock agree with them; returns their views in request order.
   */
  async function settleReturns(
    order: SettledOrder,
    bodies: ReturnType<typeof returnBody>[],
  ): Promise<{
    returns: ReturnView[];
    sagaIds: string[];
    view: Awaited<ReturnType<typeof readOrder>>['view'];
  }> {
    const before = await stockLevels(platform, [order.sku]);
    const requested = await Promise.all(bodies.map((body) => requestReturn(platform, order.orderId, body)));
    const returns = await waitForReturnsSettled(
      platform,
      requested.map(({ returnId }) => ({ orderId: order.orderId, returnId })),
    );
    returns.forEach((view, index) => expect(view.saga?.sagaId).toBe(requested[index].sagaId));
    const { view } = await readOrder(platform, order.orderId);
    expect(view).toBeDefined();
    expect(returnAccountingErrors(view!, returns)).toEqual([]);
    // The order's own saga is still the one the gateway shows, ended as before the returns.
    expect(view!.saga).toEqual(order.view.saga);
    expect(inconsistencies([view!])).toEqual([]);
    const after = await stockLevels(platform, [order.sku]);
    expect(stockAccountingErrors(before, after, [], restockedLines(returns))).toEqual([]);
    return { returns, sagaIds: requested.map((made) => made.sagaId), view };
  }

  it('refunds and restocks one of two units of an approved order', async () => {
    const order = await approvedOrder(platform, { quantity: 2 });
    const stockBefore = await stockOf(platform, order.sku);
    const body = returnBody([{ sku: order.sku, quantity: 1 }], 'arrived damaged');
    const { returnId, sagaId } = await requestReturn(platform, order.orderId, body);

    const returned = await waitForReturnSettled(platform, order.orderId, returnId);
    expect(returned).toEqual({
      returnId,
      orderId: order.orderId,
      status: 'REFUNDED',
      reason: 'arrived damaged',
      items: [{ sku: order.sku, quantity: 1 }],
      refundCents: UNIT_PRICE_CENTS,
      saga: { sagaId, status: 'COMPLETED', currentStep: 'complete-return' },
    });
    expect(await sagaStory(platform, sagaId)).toEqual(REFUNDED_STORY);

    const { view } = await readOrder(platform, order.orderId);
    expect(view).toEqual({
      ...order.view,
      returns: [{ returnId, status: 'REFUNDED', refundCents: UNIT_PRICE_CENTS }],
      payment: { ...order.view.payment, refundedCents: UNIT_PRICE_CENTS },
    });
    expect(view?.saga).toEqual({
      sagaId: expect.any(String),
      status: 'COMPLETED',
      currentStep: 'approve-order',
    });
    expect(view?.saga?.sagaId).not.toBe(sagaId);
    expect(await stockOf(platform, order.sku)).toEqual({
      sku: order.sku,
      available: stockBefore.available + 1,
      reserved: stockBefore.reserved,
    });
  });

  it('rejects a return of a cancelled order (RETURN_NOT_ALLOWED), moving no stock and no money', async () => {
    const placed = await placeOrder(
      platform,
      orderBody({ items: [{ sku: 'SKU-OOS', quantity: 1, unitPriceCents: 100 }] }),
    );
    const order = await waitForSagaTerminal(platform, placed.orderId);
    expect(order).toMatchObject({ status: 'CANCELLED', saga: { status: 'COMPENSATED' }, payment: null });
    const stockBefore = await stockOf(platform, 'SKU-OOS');

    const { returnId, sagaId } = await requestReturn(
      platform,
      order.orderId,
      returnBody([{ sku: 'SKU-OOS', quantity: 1 }]),
    );
    const returned = await waitForReturnSettled(platform, order.orderId, returnId);
    expect(returned).toMatchObject({
      status: 'REJECTED',
      refundCents: 0,
      saga: { sagaId, status: 'COMPENSATED', currentStep: 'request-return' },
    });
    expect(await sagaStory(platform, sagaId)).toEqual([
      'command-sent request-return',
      'reply-received request-return BUSINESS_FAILURE RETURN_NOT_ALLOWED',
    ]);
    const { view } = await readOrder(platform, order.orderId);
    expect(view).toMatchObject({
      status: 'CANCELLED',
      saga: order.saga,
      payment: null,
      returns: [{ returnId, status: 'REJECTED', refundCents: 0 }],
    });
    expect(await stockOf(platform, 'SKU-OOS')).toEqual(stockBefore);
  });

  it.each([
    ['more units than ordered', 3],
    ['a sku the order does not hold', 0],
  ])('rejects a return of %s (RETURN_EXCEEDS_ORDER)', async (_case, quantity) => {
    const order = await approvedOrder(platform, { quantity: 2 });
    const items = quantity > 0 ? [{ sku: order.sku, quantity }] : [{ sku: 'SKU-002', quantity: 1 }];
    const {
      returns: [returned],
      sagaIds: [sagaId],
      view,
    } = await settleReturns(order, [returnBody(items)]);
    expect(returned).toMatchObject({ status: 'REJECTED', refundCents: 0, saga: { status: 'COMPENSATED' } });
    expect(await sagaStory(platform, sagaId)).toEqual([
      'command-sent request-return',
      'reply-received request-return BUSINESS_FAILURE RETURN_EXCEEDS_ORDER',
    ]);
    expect(view?.payment?.refundedCents).toBe(0);
  });

  it('rejects the return when the refund is declined (tok_refundDeclined): cancel-return, no stock back', async () => {
    const order = await approvedOrder(platform, { quantity: 2, token: CardToken.REFUND_DECLINED });
    expect(order.view.payment).toMatchObject({ status: 'CAPTURED', refundedCents: 0 });
    const {
      returns: [returned],
      sagaIds: [sagaId],
      view,
    } = await settleReturns(order, [returnBody([{ sku: order.sku, quantity: 1 }])]);

    expect(returned).toMatchObject({ status: 'REJECTED', saga: { status: 'COMPENSATED' } });
    expect(await sagaStory(platform, sagaId)).toEqual([
      'command-sent request-return',
      'reply-received request-return SUCCESS',
      'command-sent refund-payment',
      'reply-received refund-payment BUSINESS_FAILURE REFUND_DECLINED',
      'compensation-sent request-return',
      'reply-received request-return SUCCESS',
    ]);
    expect(view).toMatchObject({ payment: { status: 'CAPTURED', refundedCents: 0 } });
  });

  it('refunds exactly one of two racing returns that together exceed the order', async () => {
    const order = await approvedOrder(platform, { quantity: 2 });
    const whole = returnBody([{ sku: order.sku, quantity: 2 }]);
    const { returns, sagaIds } = await settleReturns(order, [whole, whole]);

    expect(returns.map((view) => view.status).sort()).toEqual(['REFUNDED', 'REJECTED']);
    const rejected = returns.findIndex((view) => view.status === 'REJECTED');
    expect(await sagaStory(platform, sagaIds[rejected])).toEqual([
      'command-sent request-return',
      'reply-received request-return BUSINESS_FAILURE RETURN_EXCEEDS_ORDER',
    ]);
  });

  it('refunds as many racing one-unit returns as the order holds, and no more', async () => {
    const order = await approvedOrder(platform, { quantity: 3 });
    const oneUnit = returnBody([{ sku: order.sku, quantity: 1 }]);
    const { returns, view } = await settleReturns(order, Array(6).fill(oneUnit));

    expect(returns.filter((returned) => returned.status === 'REFUNDED')).toHaveLength(3);
    expect(returns.filter((returned) => returned.status === 'REJECTED')).toHaveLength(3);
    expect(view?.payment?.refundedCents).toBe(3 * UNIT_PRICE_CENTS);
  });

  it('refunds two returns of one order that fit, as two refunds and two restocks', async () => {
    const order = await approvedOrder(platform, { quantity: 2 });
    const oneUnit = returnBody([{ sku: order.sku, quantity: 1 }]);
    const { returns, sagaIds, view } = await settleReturns(order, [oneUnit, oneUnit]);

    expect(returns.map((returned) => returned.status)).toEqual(['REFUNDED', 'REFUNDED']);
    for (const sagaId of sagaIds) expect(await sagaStory(platform, sagaId)).toEqual(REFUNDED_STORY);
    expect(view?.payment?.refundedCents).toBe(2 * UNIT_PRICE_CENTS);
  });

  it('answers a replayed return with the same ids and one saga, and a changed body with 409', async () => {
    const order = await approvedOrder(platform, { quantity: 2 });
    const idempotencyKey = randomUUID();
    const body = returnBody([{ sku: order.sku, quantity: 1 }]);
    const first = await requestReturn(platform, order.orderId, body, { idempotencyKey });
    const replays = await Promise.all(
      [1, 2, 3].map(() => requestReturn(platform, order.orderId, body, { idempotencyKey })),
    );
    for (const replay of replays) expect(replay).toEqual(first);

    const changed = await postReturn(
      platform,
      order.orderId,
      { ...body, reason: 'changed my mind' },
      { 'idempotency-key': idempotencyKey },
    );
    expect(changed.status).toBe(409);
    expect(await changed.json()).toMatchObject({ statusCode: 409 });

    const returned = await waitForReturnSettled(platform, order.orderId, first.returnId);
    expect(returned).toMatchObject({ status: 'REFUNDED', saga: { sagaId: first.sagaId } });
    expect(await sagasOfReturn(platform, first.returnId)).toEqual([first.sagaId]);
    const { view } = await readOrder(platform, order.orderId);
    expect(view?.returns).toEqual([
      { returnId: first.returnId, status: 'REFUNDED', refundCents: UNIT_PRICE_CENTS },
    ]);
    expect(view?.payment?.refundedCents).toBe(UNIT_PRICE_CENTS);
  });

  it('takes one Idempotency-Key on the returns of two orders as two requests, each run to its end', async () => {
    const [first, second] = await Promise.all([
      approvedOrder(platform, { quantity: 1 }),
      approvedOrder(platform, { quantity: 1 }),
    ]);
    const idempotencyKey = randomUUID();
    const made = await Promise.all(
      [first, second].map((order) =>
        requestReturn(platform, order.orderId, returnBody([{ sku: order.sku, quantity: 1 }]), {
          idempotencyKey,
        }),
      ),
    );
    expect(made[0].returnId).not.toBe(made[1].returnId);
    for (const [index, order] of [first, second].entries()) {
      const returned = await waitForReturnSettled(platform, order.orderId, made[index].returnId);
      expect(returned).toMatchObject({ status: 'REFUNDED', saga: { sagaId: made[index].sagaId } });
    }
  });

  it('answers 404 for a return of an unknown order and for an unknown return', async () => {
    const unknownOrder = await postReturn(
      platform,
      randomUUID(),
      returnBody([{ sku: 'SKU-001', quantity: 1 }]),
    );
    expect(unknownOrder.status).toBe(404);
    expect(await unknownOrder.json()).toMatchObject({ statusCode: 404 });

    const order = await approvedOrder(platform, { quantity: 1 });
    const unknownReturn = await readReturn(platform, order.orderId, randomUUID());
    expect(unknownReturn).toMatchObject({ httpStatus: 404, body: { statusCode: 404 } });
  });

  it('answers 400 to malformed, nested and invalid returns and 413 to oversized ones, starting no saga', async () => {
    const order = await approvedOrder(platform, { quantity: 2 });
    const line = { sku: order.sku, quantity: 1 };
    const refused: Array<[string, string | object, number, string?]> = [
      ['malformed JSON', '{"items":[{"sku":', 400],
      ['an object nested 8,000 deep', `{"items":${'{"a":'.repeat(8_000)}1${'}'.repeat(8_000)}}`, 400],
      ['an array nested 8,000 deep', `{"items":${'['.repeat(8_000)}${']'.repeat(8_000)}}`, 400],
      ['a body over 100 kB', { items: [line], reason: 'x'.repeat(200 * 1024) }, 413],
      ['no items', { items: [], reason: 'damaged' }, 400],
      [
        '101 items',
        {
          items: Array.from({ length: 101 }, (_, i) => ({
            sku: `SKU-${String(i + 1).padStart(3, '0')}`,
            quantity: 1,
          })),
          reason: 'damaged',
        },
        400,
      ],
      ['a zero quantity', { items: [{ ...line, quantity: 0 }], reason: 'damaged' }, 400],
      ['a quantity of 1001', { items: [{ ...line, quantity: 1_001 }], reason: 'damaged' }, 400],
      ['a fractional quantity', { items: [{ ...line, quantity: 1.5 }], reason: 'damaged' }, 400],
      ['the same sku twice', { items: [line, line], reason: 'damaged' }, 400],
      ['a bad sku', { items: [{ sku: 'not a sku!', quantity: 1 }], reason: 'damaged' }, 400],
      ['an empty reason', { items: [line], reason: '' }, 400],
      ['a reason of 201 characters', { items: [line], reason: 'x'.repeat(201) }, 400],
      ['an unknown field', { items: [line], reason: 'damaged', refundCents: 1 }, 400],
      ['an array body', [line], 400],
      ['an order id that is no uuid', { items: [line], reason: 'damaged' }, 400, 'not-a-uuid'],
    ];
    for (const [what, body, status, orderId = order.orderId] of refused) {
      // Twice, the second time as a client retrying with the same Idempotency-Key.
      for (const idempotencyKey of [randomUUID(), `refused-${order.orderId}`]) {
        const response = await postReturn(platform, orderId, body, { 'idempotency-key': idempotencyKey });
        expect({ what, status: response.status }).toEqual({ what, status });
      }
    }

    // A valid return made after them settles as the order's only one: none of them started a saga.
    const { returnId } = await requestReturn(platform, order.orderId, returnBody([line]));
    await waitForReturnSettled(platform, order.orderId, returnId);
    const { view } = await readOrder(platform, order.orderId);
    expect(view?.returns).toEqual([{ returnId, status: 'REFUNDED', refundCents: UNIT_PRICE_CENTS }]);
    expect(await deadLetterCount(platform)).toBe(0);
  });
});
