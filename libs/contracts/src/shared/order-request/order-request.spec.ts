import { defineContract } from '../../message-contract';
import { validatePayload } from '../../validate-payload';
import { OrderRequest } from './order-request';

const OrderRequestBody = defineContract({
  type: 'test.order-request',
  kind: 'command',
  subject: 'test.order-request',
  version: 1,
  payload: OrderRequest,
  description: 'POST /orders body, as the gateway validates it',
});

function validOrder() {
  return {
    customerId: 'cust-42',
    currency: 'USD',
    items: [
      { sku: 'SKU-001', quantity: 2, unitPriceCents: 1299 },
      { sku: 'SKU-002', quantity: 1, unitPriceCents: 0 },
    ],
    payment: { method: 'card', token: 'tok_visa' },
    shippingAddress: {
      name: 'Ada',
      line1: '1 Main St',
      city: 'Springfield',
      postalCode: '12345',
      country: 'US',
    },
  };
}

type Order = ReturnType<typeof validOrder>;

function errorsFor(change: (order: Order & Record<string, unknown>) => void): string[] {
  const order = validOrder();
  change(order);
  const result = validatePayload(OrderRequestBody, order);
  return result.ok ? [] : result.errors;
}

const items = (count: number) =>
  Array.from({ length: count }, (_, index) => ({ sku: `SKU-${index}`, quantity: 1, unitPriceCents: 100 }));

describe('OrderRequest', () => {
  it('accepts the documented example as an OrderRequest instance, with nested instances', () => {
    const result = validatePayload(OrderRequestBody, validOrder());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toBeInstanceOf(OrderRequest);
    expect(result.value.items[0].quantity).toBe(2);
    expect(result.value.shippingAddress.line2).toBeUndefined();
  });

  it('accepts the boundaries: 100 items, quantity 1000, price 100000000, 64-char customer and token', () => {
    expect(
      errorsFor((order) => {
        order.items = items(100);
        order.items[0] = { sku: 'A'.repeat(32), quantity: 1000, unitPriceCents: 100_000_000 };
        order.customerId = 'c'.repeat(64);
        order.payment.token = 't'.repeat(64);
        Object.assign(order.shippingAddress, { line2: 'Flat 2', name: 'n'.repeat(200) });
      }),
    ).toEqual([]);
  });

  it.each<[string, (order: Order & Record<string, unknown>) => void, string]>([
    [
      'empty customerId',
      (o) => (o.customerId = ''),
      'customerId must be longer than or equal to 1 characters',
    ],
    [
      'customerId too long',
      (o) => (o.customerId = 'c'.repeat(65)),
      'customerId must be shorter than or equal to 64 characters',
    ],
    [
      'bad currency',
      (o) => (o.currency = 'JPY'),
      'currency must be one of the following values: USD, EUR, GBP',
    ],
    ['no items', (o) => (o.items = []), 'items must contain at least 1 elements'],
    ['101 items', (o) => (o.items = items(101)), 'items must contain no more than 100 elements'],
    [
      'items not an array',
      (o) => ((o as Record<string, unknown>).items = 'SKU-001'),
      'items must be an array',
    ],
    ['duplicate sku', (o) => (o.items[1].sku = 'SKU-001'), 'items must not contain duplicate sku values'],
    [
      'lower-case sku',
      (o) => (o.items[0].sku = 'sku-001'),
      'items.0.sku must match /^[A-Z0-9-]{1,32}$/ regular expression',
    ],
    [
      'sku too long',
      (o) => (o.items[0].sku = 'A'.repeat(33)),
      'items.0.sku must match /^[A-Z0-9-]{1,32}$/ regular expression',
    ],
    ['quantity 0', (o) => (o.items[0].quantity = 0), 'items.0.quantity must not be less than 1'],
    ['quantity 1001', (o) => (o.items[1].quantity = 1001), 'items.1.quantity must not be greater than 1000'],
    ['quantity 1.5', (o) => (o.items[0].quantity = 1.5), 'items.0.quantity must be an integer number'],
    [
      'quantity as a string',
      (o) => ((o.items[0] as Record<string, unknown>).quantity = '2'),
      'items.0.quantity must be an integer number',
    ],
    [
      'negative price',
      (o) => (o.items[0].unitPriceCents = -1),
      'items.0.unitPriceCents must not be less than 0',
    ],
    [
      'price too high',
      (o) => (o.items[0].unitPriceCents = 100_000_001),
      'items.0.unitPriceCents must not be greater than 100000000',
    ],
    ['an item that is not an object', (o) => ((o.items as unknown[])[0] = 5), 'items.0 must be an object'],
    [
      'an item that is an array',
      (o) => ((o.items as unknown[])[0] = [o.items[0]]),
      'each value in items must be an object',
    ],
    ['a null item', (o) => ((o.items as unknown[])[1] = null), 'items.1 must be an object'],
    [
      'bad payment method',
      (o) => (o.payment.method = 'cash'),
      'payment.method must be one of the following values: card',
    ],
    [
      'empty token',
      (o) => (o.payment.token = ''),
      'payment.token must be longer than or equal to 1 characters',
    ],
    [
      'token too long',
      (o) => (o.payment.token = 't'.repeat(65)),
      'payment.token must be shorter than or equal to 64 characters',
    ],
    ['payment missing', (o) => delete (o as Record<string, unknown>).payment, 'payment must be an object'],
    [
      'payment as an array',
      (o) => ((o as Record<string, unknown>).payment = [o.payment]),
      'payment must be an object',
    ],
    [
      'empty address name',
      (o) => (o.shippingAddress.name = ''),
      'shippingAddress.name must be longer than or equal to 1 characters',
    ],
    [
      'empty city',
      (o) => (o.shippingAddress.city = ''),
      'shippingAddress.city must be longer than or equal to 1 characters',
    ],
    [
      'missing postal code',
      (o) => delete (o.shippingAddress as Record<string, unknown>).postalCode,
      'shippingAddress.postalCode must be a string',
    ],
    [
      'line1 over 200 chars',
      (o) => (o.shippingAddress.line1 = 'x'.repeat(201)),
      'shippingAddress.line1 must be shorter than or equal to 200 characters',
    ],
    [
      'empty line2',
      (o) => Object.assign(o.shippingAddress, { line2: '' }),
      'shippingAddress.line2 must be longer than or equal to 1 characters',
    ],
    [
      'unknown country',
      (o) => (o.shippingAddress.country = 'XX'),
      'shippingAddress.country must be an ISO 3166-1 alpha-2 country code',
    ],
    [
      'three-letter country',
      (o) => (o.shippingAddress.country = 'USA'),
      'shippingAddress.country must be an ISO 3166-1 alpha-2 country code',
    ],
    [
      'lower-case country',
      (o) => (o.shippingAddress.country = 'us'),
      'shippingAddress.country must be uppercase',
    ],
    ['unknown top-level field', (o) => (o.coupon = 'FREE'), 'property coupon should not exist'],
    [
      'unknown item field',
      (o) => Object.assign(o.items[0], { discount: 5 }),
      'property items.0.discount should not exist',
    ],
    [
      'unknown address field',
      (o) => Object.assign(o.shippingAddress, { state: 'IL' }),
      'property shippingAddress.state should not exist',
    ],
  ])('rejects %s', (_case, change, message) => {
    expect(errorsFor(change)).toContain(message);
  });

  it('reports every problem at once, each with its path', () => {
    const errors = errorsFor((order) => {
      order.currency = 'JPY';
      order.items[0].quantity = 0;
      order.shippingAddress.country = 'XX';
    });
    expect(errors).toEqual([
      'currency must be one of the following values: USD, EUR, GBP',
      'items.0.quantity must not be less than 1',
      'shippingAddress.country must be an ISO 3166-1 alpha-2 country code',
    ]);
  });

  it.each([null, [], 'order', 42])('rejects the non-object %p', (input) => {
    const result = validatePayload(OrderRequestBody, input);
    expect(result).toEqual({
      ok: false,
      errors: [expect.stringMatching(/^payload must be a JSON object, got /)],
    });
  });

  it('reports a primitive where an object belongs once', () => {
    expect(errorsFor((order) => ((order as Record<string, unknown>).payment = 'card'))).toEqual([
      'payment must be an object',
    ]);
  });

  it('drops a __proto__ key without touching any prototype', () => {
    const body = JSON.parse(`{"__proto__": {"isAdmin": true}, ${JSON.stringify(validOrder()).slice(1)}`);
    const result = validatePayload(OrderRequestBody, body);
    expect(result.ok && Object.getPrototypeOf(result.value)).toBe(OrderRequest.prototype);
    expect(result.ok && 'isAdmin' in result.value).toBe(false);
    expect('isAdmin' in {}).toBe(false);
  });
});
