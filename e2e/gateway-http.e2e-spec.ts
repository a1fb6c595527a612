import { randomUUID } from 'node:crypto';
import { postOrder, readOrder } from './support/gateway-client';
import { OrderBody, orderBody } from './support/order-body';
import { RunningPlatform, startPlatform } from './support/platform';

type Change = (order: OrderBody & Record<string, unknown>) => void;

const lines = (count: number) =>
  Array.from({ length: count }, (_, index) => ({ sku: `SKU-${index}`, quantity: 1, unitPriceCents: 100 }));

describe('gateway HTTP contract', () => {
  let platform: RunningPlatform;

  beforeAll(async () => {
    platform = await startPlatform();
  });
  afterAll(() => platform?.shutdown());

  // One case per class of field error in DESIGN "Gateway HTTP"; each names the field it rejects.
  it.each<[string, Change, string]>([
    ['an unknown field', (o) => (o.coupon = 'FREE'), 'property coupon should not exist'],
    ['an empty customerId', (o) => (o.customerId = ''), 'customerId must be longer than or equal to 1'],
    [
      'a 65-char customerId',
      (o) => (o.customerId = 'c'.repeat(65)),
      'customerId must be shorter than or equal to 64',
    ],
    ['an unsupported currency', (o) => (o.currency = 'JPY'), 'currency must be one of the following values'],
    ['no items', (o) => (o.items = []), 'items must contain at least 1 elements'],
    ['101 items', (o) => (o.items = lines(101)), 'items must contain no more than 100 elements'],
    [
      'a duplicate sku',
      (o) => (o.items[1].sku = o.items[0].sku),
      'items must not contain duplicate sku values',
    ],
    ['a lower-case sku', (o) => (o.items[0].sku = 'sku-001'), 'items.0.sku must match'],
    ['quantity 0', (o) => (o.items[0].quantity = 0), 'items.0.quantity must not be less than 1'],
    ['quantity 1001', (o) => (o.items[0].quantity = 1001), 'items.0.quantity must not be greater than 1000'],
    [
      'a fractional quantity',
      (o) => (o.items[0].quantity = 1.5),
      'items.0.quantity must be an integer number',
    ],
    [
      'a negative price',
      (o) => (o.items[0].unitPriceCents = -1),
      'items.0.unitPriceCents must not be less than 0',
    ],
    [
      'a price over 100000000',
      (o) => (o.items[0].unitPriceCents = 100_000_001),
      'items.0.unitPriceCents must not be greater than 100000000',
    ],
    ['a payment method other than card', (o) => (o.payment.method = 'cash'), 'payment.method must be one of'],
    [
      'an empty payment token',
      (o) => (o.payment.token = ''),
      'payment.token must be longer than or equal to 1',
    ],
    [
      'a 65-char payment token',
      (o) => (o.payment.token = 't'.repeat(65)),
      'payment.token must be shorter than',
    ],
    ['an empty address name', (o) => (o.shippingAddress.name = ''), 'shippingAddress.name must be longer'],
    ['an empty line1', (o) => (o.shippingAddress.line1 = ''), 'shippingAddress.line1 must be longer'],
    ['an empty city', (o) => (o.shippingAddress.city = ''), 'shippingAddress.city must be longer'],
    [
      'a missing postal code',
      (o) => delete (o.shippingAddress as Partial<OrderBody['shippingAddress']>).postalCode,
      'shippingAddress.postalCode must be a string',
    ],
    [
      'a country that is not ISO 3166 alpha-2',
      (o) => (o.shippingAddress.country = 'XX'),
      'shippingAddress.country must be an ISO 3166-1 alpha-2 country code',
    ],
  ])('rejects %s with 400 naming the field', async (_case, change, message) => {
    const body = orderBody() as OrderBody & Record<string, unknown>;
    change(body);
    const response = await postOrder(platform, body);
    expect(response.status).toBe(400);
    const answer = (await response.json()) as { statusCode: number; message: string[] };
    expect(answer.statusCode).toBe(400);
    expect(answer.message).toEqual(expect.arrayContaining([expect.stringContaining(message)]));
  });

  it('rejects malformed JSON with 400', async () => {
    const response = await postOrder(platform, '{"customerId": "cust-42",');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ statusCode: 400, message: 'Malformed JSON in request body' });
  });

  it('rejects a body over 100 kB with 413', async () => {
    const body = { ...orderBody(), customerId: 'c'.repeat(101 * 1024) };
    const response = await postOrder(platform, body);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ statusCode: 413 });
  });

  it('answers 404 for an unknown order and 400 for an order id that is not a UUID', async () => {
    const unknown = await readOrder(platform, randomUUID());
    expect(unknown.httpStatus).toBe(404);
    expect(unknown.body).toMatchObject({ statusCode: 404 });

    const notUuid = await readOrder(platform, 'order-42');
    expect(notUuid.httpStatus).toBe(400);
    expect(notUuid.body).toMatchObject({ statusCode: 400 });
  });
});
