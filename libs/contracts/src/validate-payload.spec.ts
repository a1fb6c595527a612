import { randomUUID } from 'node:crypto';
import { ReserveInventoryCommand } from './commands/reserve-inventory/reserve-inventory.command';
import { StockSetEvent } from './events/stock-set/stock-set.event';
import { GetSagaByOrderQuery } from './queries/get-saga-by-order/get-saga-by-order.query';
import { GetStockQuery, GetStockResult } from './queries/get-stock/get-stock.query';
import { FailureCodes } from './replies/failure-codes';
import { ReserveInventoryReply } from './replies/reserve-inventory/reserve-inventory.reply';
import { ReserveInventoryReplyResult } from './commands/reserve-inventory/reserve-inventory.command';
import { StartOrderFulfillment } from './start/order-fulfillment/start-order-fulfillment';
import { validatePayload, validateQueryResult } from './validate-payload';

const errorsOf = (result: ReturnType<typeof validatePayload>) => (result.ok ? [] : result.errors);

describe('validatePayload', () => {
  it('returns an instance of the payload class', () => {
    const payload = { orderId: randomUUID(), items: [{ sku: 'SKU-001', quantity: 2 }] };
    const result = validatePayload(ReserveInventoryCommand, payload);
    expect(result).toEqual({ ok: true, value: payload });
    expect(result.ok && result.value).toBeInstanceOf(ReserveInventoryCommand.payload);
  });

  it('rejects a missing or malformed orderId', () => {
    expect(
      errorsOf(validatePayload(ReserveInventoryCommand, { items: [{ sku: 'A', quantity: 1 }] })),
    ).toEqual(['orderId must be a UUID']);
    expect(errorsOf(validatePayload(ReserveInventoryCommand, { orderId: 'o-1', items: [] }))).toEqual([
      'items must contain at least 1 elements',
      'orderId must be a UUID',
    ]);
  });

  it.each([undefined, null, 'text', 7, true, [{ orderId: randomUUID() }]])(
    'rejects the non-object %p',
    (input) => {
      expect(errorsOf(validatePayload(ReserveInventoryCommand, input))).toEqual([
        expect.stringMatching(
          /^payload must be a JSON object, got (undefined|null|string|number|boolean|an array)$/,
        ),
      ]);
    },
  );

  it('gives the full path of errors nested two levels deep', () => {
    const start = {
      sagaId: randomUUID(),
      orderId: randomUUID(),
      idempotencyKey: 'k'.repeat(201),
      order: {
        customerId: 'c',
        currency: 'USD',
        items: [{ sku: 'S', quantity: 1, unitPriceCents: 1, x: 1 }],
      },
    };
    expect(errorsOf(validatePayload(StartOrderFulfillment, start))).toEqual([
      'idempotencyKey must be shorter than or equal to 200 characters',
      'property order.items.0.x should not exist',
      'order.payment must be an object',
      'order.shippingAddress must be an object',
    ]);
  });

  it('validates a reply: outcome, error and typed result', () => {
    const success = { outcome: 'SUCCESS', result: { reservationId: randomUUID() } };
    const validated = validatePayload(ReserveInventoryReply, success);
    expect(validated.ok && validated.value.result).toBeInstanceOf(ReserveInventoryReplyResult);

    const failure = {
      outcome: 'BUSINESS_FAILURE',
      error: { code: FailureCodes.INSUFFICIENT_STOCK, message: 'SKU-OOS: 0 available' },
    };
    expect(validatePayload(ReserveInventoryReply, failure).ok).toBe(true);

    expect(errorsOf(validatePayload(ReserveInventoryReply, { outcome: 'MAYBE' }))).toEqual([
      'outcome must be one of the following values: SUCCESS, BUSINESS_FAILURE, TRANSIENT_FAILURE',
    ]);
    expect(
      errorsOf(
        validatePayload(ReserveInventoryReply, { outcome: 'SUCCESS', result: { reservationId: 'r' } }),
      ),
    ).toEqual(['result.reservationId must be a UUID']);
    expect(
      errorsOf(validatePayload(ReserveInventoryReply, { outcome: 'TRANSIENT_FAILURE', error: { code: '' } })),
    ).toEqual([
      'error.code must be longer than or equal to 1 characters',
      'error.message must be a string',
      'error.message must be longer than or equal to 1 characters',
      'error.message must be shorter than or equal to 1000 characters',
    ]);
  });

  it('validates an event that carries no order', () => {
    expect(validatePayload(StockSetEvent, { sku: 'SKU-001', available: 5, reserved: 0 }).ok).toBe(true);
    expect(errorsOf(validatePayload(StockSetEvent, { sku: 'SKU-001', available: -1, reserved: 0 }))).toEqual([
      'available must not be less than 0',
    ]);
  });
});

describe('validateQueryResult', () => {
  it('accepts null as "not found"', () => {
    expect(validateQueryResult(GetStockQuery, null)).toEqual({ ok: true, value: null });
  });

  it('returns an instance of the result class, and rejects a bad one', () => {
    const found = validateQueryResult(GetStockQuery, { sku: 'SKU-001', available: 10, reserved: 2 });
    expect(found.ok && found.value).toBeInstanceOf(GetStockResult);
    expect(validateQueryResult(GetStockQuery, { sku: 'SKU-001', available: 10 })).toEqual({
      ok: false,
      errors: ['reserved must be an integer number', 'reserved must not be less than 0', expect.any(String)],
    });
  });

  it('accepts a saga without a current step', () => {
    const saga = { sagaId: randomUUID(), status: 'COMPLETED', currentStep: null };
    expect(validateQueryResult(GetSagaByOrderQuery, saga).ok).toBe(true);
    expect(validateQueryResult(GetSagaByOrderQuery, { ...saga, status: 'DONE' }).ok).toBe(false);
  });
});

describe('validatePayload on hostile input', () => {
  const deepJson = (levels: number) =>
    JSON.parse('{"a":'.repeat(levels) + '1' + '}'.repeat(levels)) as object;

  it('refuses 8,000 levels of nesting as a whole payload, as an unknown field and inside a known one', () => {
    const cases: unknown[] = [
      deepJson(8_000),
      { orderId: randomUUID(), items: [{ sku: 'A', quantity: 1 }], extra: deepJson(8_000) },
      { orderId: randomUUID(), items: [{ sku: 'A', quantity: 1, nested: deepJson(8_000) }] },
      { orderId: randomUUID(), items: JSON.parse('['.repeat(8_000) + ']'.repeat(8_000)) as unknown },
    ];
    for (const input of cases) {
      expect(errorsOf(validatePayload(ReserveInventoryCommand, input))).toEqual([
        'payload nests arrays and objects deeper than 32 levels',
      ]);
    }
  });

  it('refuses a deep query result the same way, without throwing', () => {
    expect(validateQueryResult(GetStockQuery, deepJson(8_000))).toEqual({
      ok: false,
      errors: ['payload nests arrays and objects deeper than 32 levels'],
    });
  });

  it('still answers with readable errors just under the limit', () => {
    const errors = errorsOf(validatePayload(ReserveInventoryCommand, deepJson(31)));
    expect(errors).toContain('property a should not exist');
    expect(errors).toContain('orderId must be a UUID');
    expect(errors.join()).not.toContain('nests');
  });
});
