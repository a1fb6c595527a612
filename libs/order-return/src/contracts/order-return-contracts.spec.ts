import path from 'node:path';
import {
  checkContractRules,
  ContractRegistry,
  PLATFORM_CONTRACTS,
  snapshotFailures,
  validatePayload,
  validateQueryResult,
} from '@app/contracts';
import {
  CancelReturnCommand,
  GetReturnQuery,
  OrderReturnFailureCodes,
  orderReturnContracts,
  PaymentRefundedEvent,
  RefundPaymentCommand,
  RefundPaymentReply,
  RequestReturnCommand,
  RequestReturnReply,
  RestockInventoryCommand,
  StartOrderReturn,
} from '.';

const SNAPSHOT_DIR = path.resolve(__dirname, '../../schemas');

const ORDER_ID = '6f1c0a52-8a8e-4d8c-9c51-0e6d2f1f7a11';
const RETURN_ID = '2c4e6a8b-1d3f-4a5b-9c7d-8e0f1a2b3c4d';

const validStart = () => ({
  sagaId: 'c0ffee00-1234-4abc-9def-0123456789ab',
  returnId: RETURN_ID,
  orderId: ORDER_ID,
  items: [{ sku: 'SKU-001', quantity: 2 }],
  reason: 'damaged',
});

const skus = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ sku: `SKU-${String(i).padStart(3, '0')}`, quantity: 1 }));

const nested = (depth: number): object => (depth === 0 ? {} : { deeper: nested(depth - 1) });

describe('order-return contracts', () => {
  it('follow the naming rules, each command with its reply, clashing with no platform message', () => {
    expect(checkContractRules(orderReturnContracts)).toEqual([]);
    expect(checkContractRules([...PLATFORM_CONTRACTS, ...orderReturnContracts])).toEqual([]);
  });

  it('are the DESIGN messages: 1 start, 5 commands, 5 replies, 5 events, 1 query', () => {
    expect(orderReturnContracts.map((c) => `${c.kind} ${c.subject}`).sort()).toEqual(
      [
        'start saga.start.order-return',
        'command saga.cmd.order.request-return',
        'command saga.cmd.order.cancel-return',
        'command saga.cmd.order.complete-return',
        'command saga.cmd.payment.refund',
        'command saga.cmd.inventory.restock',
        'reply saga.reply.order.request-return',
        'reply saga.reply.order.cancel-return',
        'reply saga.reply.order.complete-return',
        'reply saga.reply.payment.refund',
        'reply saga.reply.inventory.restock',
        'event events.order.return.requested.v1',
        'event events.order.return.rejected.v1',
        'event events.order.return.completed.v1',
        'event events.payment.payment.refunded.v1',
        'event events.inventory.stock.restocked.v1',
        'query query.order.get-return',
      ].sort(),
    );
  });

  it('match their committed schema snapshots (libs/order-return/schemas)', () => {
    expect(snapshotFailures(orderReturnContracts, SNAPSHOT_DIR)).toEqual([]);
  });

  it('are found by a registry built from the platform and this module', () => {
    const registry = new ContractRegistry([...PLATFORM_CONTRACTS, ...orderReturnContracts]);
    expect(registry.bySubject('saga.start.order-return')).toBe(StartOrderReturn);
    expect(registry.replyFor(RefundPaymentCommand)).toBe(RefundPaymentReply);
    expect(registry.replyFor(RequestReturnCommand)).toBe(RequestReturnReply);
    expect(registry.bySubject('events.payment.payment.refunded.v1')).toBe(PaymentRefundedEvent);
    expect(registry.byType('query.order.get-return')).toBe(GetReturnQuery);
  });

  it('name the business failures of request-return and refund', () => {
    expect(OrderReturnFailureCodes).toEqual({
      RETURN_NOT_ALLOWED: 'RETURN_NOT_ALLOWED',
      RETURN_EXCEEDS_ORDER: 'RETURN_EXCEEDS_ORDER',
      REFUND_DECLINED: 'REFUND_DECLINED',
      REFUND_EXCEEDS_CAPTURE: 'REFUND_EXCEEDS_CAPTURE',
    });
  });
});

describe('start payload rules (DESIGN "Order returns")', () => {
  const check = (patch: Record<string, unknown>) =>
    validatePayload(StartOrderReturn, { ...validStart(), ...patch });
  const errorsOf = (patch: Record<string, unknown>) => {
    const result = check(patch);
    return result.ok ? [] : result.errors;
  };

  it('accepts a valid start, with and without an idempotency key', () => {
    expect(check({}).ok).toBe(true);
    expect(check({ idempotencyKey: 'key-1' }).ok).toBe(true);
  });

  it('accepts the bounds: 100 items, quantity 1 and 1000, a reason of 1 and of 200 characters', () => {
    expect(check({ items: skus(100) }).ok).toBe(true);
    expect(check({ items: [{ sku: 'A', quantity: 1 }], reason: 'x' }).ok).toBe(true);
    expect(check({ items: [{ sku: 'SKU-001', quantity: 1000 }], reason: 'x'.repeat(200) }).ok).toBe(true);
  });

  it.each([
    ['no items', { items: [] }, 'items must contain at least 1 elements'],
    ['101 items', { items: skus(101) }, 'items must contain no more than 100 elements'],
    ['a sku twice', { items: [...skus(2), skus(1)[0]] }, 'items'],
    ['a lowercase sku', { items: [{ sku: 'sku-001', quantity: 1 }] }, 'items.0.sku'],
    ['a sku of 33 characters', { items: [{ sku: 'A'.repeat(33), quantity: 1 }] }, 'items.0.sku'],
    ['quantity 0', { items: [{ sku: 'SKU-001', quantity: 0 }] }, 'items.0.quantity must not be less than 1'],
    [
      'quantity 1001',
      { items: [{ sku: 'SKU-001', quantity: 1001 }] },
      'items.0.quantity must not be greater than 1000',
    ],
    [
      'a fractional quantity',
      { items: [{ sku: 'SKU-001', quantity: 1.5 }] },
      'items.0.quantity must be an integer',
    ],
    ['a quantity as a string', { items: [{ sku: 'SKU-001', quantity: '2' }] }, 'items.0.quantity'],
    ['an item that is an array', { items: [[{ sku: 'SKU-001', quantity: 1 }]] }, 'items'],
    ['an empty reason', { reason: '' }, 'reason'],
    [
      'a reason of 201 characters',
      { reason: 'x'.repeat(201) },
      'reason must be shorter than or equal to 200 characters',
    ],
    ['a return id that is not a UUID', { returnId: 'ret-1' }, 'returnId must be a UUID'],
    ['an unknown field', { refundCents: 100 }, 'property refundCents should not exist'],
    [
      'an unknown item field',
      { items: [{ sku: 'SKU-001', quantity: 1, color: 'red' }] },
      'property items.0.color should not exist',
    ],
    ['an idempotency key of 201 characters', { idempotencyKey: 'k'.repeat(201) }, 'idempotencyKey'],
  ])('refuses %s', (_case, patch, expected) => {
    const errors = errorsOf(patch);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toContain(expected);
  });

  it('refuses missing fields, one line each', () => {
    const result = validatePayload(StartOrderReturn, {});
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors.join('\n');
    for (const field of ['sagaId', 'returnId', 'orderId', 'items', 'reason']) expect(errors).toContain(field);
  });

  it('refuses a deeply nested or non-object payload without throwing', () => {
    expect(check({ items: [nested(200)] }).ok).toBe(false);
    expect(validatePayload(StartOrderReturn, nested(200)).ok).toBe(false);
    expect(validatePayload(StartOrderReturn, null).ok).toBe(false);
    expect(validatePayload(StartOrderReturn, [validStart()]).ok).toBe(false);
  });
});

describe('command and query payloads', () => {
  it('share the item and reason rules of the start payload', () => {
    const restock = { returnId: RETURN_ID, orderId: ORDER_ID, items: [{ sku: 'SKU-001', quantity: 1 }] };
    const request = { ...restock, reason: 'x' };
    expect(validatePayload(RequestReturnCommand, request).ok).toBe(true);
    expect(validatePayload(RequestReturnCommand, { ...request, reason: 'x'.repeat(201) }).ok).toBe(false);
    expect(validatePayload(RestockInventoryCommand, restock).ok).toBe(true);
    expect(validatePayload(RestockInventoryCommand, { ...restock, items: skus(101) }).ok).toBe(false);
    expect(validatePayload(RestockInventoryCommand, request).ok).toBe(false);
  });

  it('let a cancellation carry a saga-written reason longer than a customer reason', () => {
    const cancel = { returnId: RETURN_ID, orderId: ORDER_ID, reason: 'r'.repeat(1000) };
    expect(validatePayload(CancelReturnCommand, cancel).ok).toBe(true);
    expect(validatePayload(CancelReturnCommand, { ...cancel, reason: 'r'.repeat(1001) }).ok).toBe(false);
  });

  it('refund a whole number of cents, zero allowed, never negative', () => {
    const refund = { returnId: RETURN_ID, orderId: ORDER_ID, amountCents: 0 };
    expect(validatePayload(RefundPaymentCommand, refund).ok).toBe(true);
    expect(validatePayload(RefundPaymentCommand, { ...refund, amountCents: -1 }).ok).toBe(false);
    expect(validatePayload(RefundPaymentCommand, { ...refund, amountCents: 0.5 }).ok).toBe(false);
  });

  it('answer a return query with the return or null', () => {
    const found = {
      returnId: RETURN_ID,
      orderId: ORDER_ID,
      status: 'REJECTED',
      reason: 'damaged',
      items: [{ sku: 'SKU-001', quantity: 1 }],
      refundCents: 0,
      createdAt: '2026-12-03T15:00:00.000Z',
      updatedAt: '2026-12-03T15:00:01.000Z',
    };
    expect(validateQueryResult(GetReturnQuery, found).ok).toBe(true);
    expect(validateQueryResult(GetReturnQuery, null)).toEqual({ ok: true, value: null });
    expect(validateQueryResult(GetReturnQuery, { ...found, status: 'CANCELLED' }).ok).toBe(false);
  });
});
