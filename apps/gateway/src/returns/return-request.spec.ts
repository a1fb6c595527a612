import { ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';
import { SkuQuantity } from '@app/contracts';
import { CompiledBodyPipe, GLOBAL_VALIDATION_OPTIONS } from '../http/compiled-body.pipe';
import { ReturnRequest } from './return-request';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const returnOf = (change: (body: Body) => void = () => undefined): Body => {
  const body: Body = {
    items: [
      { sku: 'SKU-001', quantity: 1 },
      { sku: 'SKU-002', quantity: 1000 },
    ],
    reason: 'damaged',
  };
  change(body);
  return body;
};
const skus = (count: number) => Array.from({ length: count }, (_, i) => ({ sku: `SKU-${i}`, quantity: 1 }));

const METADATA: ArgumentMetadata = { type: 'custom', metatype: undefined, data: undefined };
const pipe = new CompiledBodyPipe(ReturnRequest);
const globalPipe = new ValidationPipe(GLOBAL_VALIDATION_OPTIONS);
const outcome = async (run: () => unknown) => {
  try {
    return { value: await run() };
  } catch (error) {
    return { error: (error as BadRequestException).getResponse?.() ?? error };
  }
};
const errorsOf = async (body: unknown) => {
  const result = await outcome(() => pipe.transform(body, METADATA));
  return (result.error as { message?: string[] } | undefined)?.message;
};

describe('ReturnRequest through the compiled body pipe', () => {
  it('answers a valid body at once (no class-validator promise) as a ReturnRequest with SkuQuantity items', () => {
    const value = pipe.transform(returnOf(), METADATA);
    expect(value).toBeInstanceOf(ReturnRequest);
    expect((value as ReturnRequest).items[0]).toBeInstanceOf(SkuQuantity);
    expect(value).toEqual(returnOf());
  });

  it('accepts the boundaries: 100 items, quantity 1000, a 32-char sku, a 1- and a 200-char reason', async () => {
    for (const body of [
      returnOf((b) => (b.items = skus(100))),
      returnOf((b) => (b.items = [{ sku: 'A'.repeat(32), quantity: 1000 }])),
      returnOf((b) => (b.reason = 'r')),
      returnOf((b) => (b.reason = 'r'.repeat(200))),
    ]) {
      expect(await errorsOf(body)).toBeUndefined();
    }
  });

  it.each<[string, Body | unknown, string]>([
    ['no items', returnOf((b) => (b.items = [])), 'items must contain at least 1 elements'],
    ['101 items', returnOf((b) => (b.items = skus(101))), 'items must contain no more than 100 elements'],
    ['items not an array', returnOf((b) => (b.items = 'SKU-001')), 'items must be an array'],
    [
      'a duplicate sku',
      returnOf((b) => (b.items[1].sku = 'SKU-001')),
      'items must not contain duplicate sku values',
    ],
    [
      'a lower-case sku',
      returnOf((b) => (b.items[0].sku = 'sku-001')),
      'items.0.sku must match /^[A-Z0-9-]{1,32}$/ regular expression',
    ],
    ['quantity 0', returnOf((b) => (b.items[0].quantity = 0)), 'items.0.quantity must not be less than 1'],
    [
      'quantity 1001',
      returnOf((b) => (b.items[1].quantity = 1001)),
      'items.1.quantity must not be greater than 1000',
    ],
    [
      'a fractional quantity',
      returnOf((b) => (b.items[0].quantity = 1.5)),
      'items.0.quantity must be an integer number',
    ],
    [
      'a quantity as a string',
      returnOf((b) => (b.items[0].quantity = '1')),
      'items.0.quantity must be an integer number',
    ],
    [
      'a null item',
      returnOf((b) => (b.items[0] = null)),
      'items.each value in nested property items must be either object or array',
    ],
    [
      'an empty reason',
      returnOf((b) => (b.reason = '')),
      'reason must be longer than or equal to 1 characters',
    ],
    [
      'a 201-char reason',
      returnOf((b) => (b.reason = 'r'.repeat(201))),
      'reason must be shorter than or equal to 200 characters',
    ],
    ['a missing reason', returnOf((b) => delete b.reason), 'reason must be a string'],
    ['a reason that is a number', returnOf((b) => (b.reason = 5)), 'reason must be a string'],
    ['an unknown field', returnOf((b) => (b.refundTo = 'elsewhere')), 'property refundTo should not exist'],
    [
      'an unknown item field',
      returnOf((b) => (b.items[0].unitPriceCents = 1)),
      'items.0.property unitPriceCents should not exist',
    ],
    [
      'an item nested one level too deep',
      returnOf((b) => (b.items = [[{ sku: 'SKU-001', quantity: 1 }]])),
      'each value in items must be an object',
    ],
  ])('refuses %s with the field error', async (_case, body, message) => {
    expect(await errorsOf(body)).toContain(message);
  });

  it.each<[string, unknown]>([
    ['a valid body', returnOf()],
    ['an unknown field', returnOf((b) => (b.orderId = 'x'))],
    ['a duplicate sku', returnOf((b) => b.items.push({ ...b.items[0] }))],
    ['an empty object', {}],
    ['an array', [returnOf()]],
    ['null', null],
  ])('answers %s exactly as the global ValidationPipe does', async (_case, body) => {
    const expected = await outcome(() =>
      globalPipe.transform(structuredClone(body), { type: 'body', metatype: ReturnRequest, data: undefined }),
    );
    expect(await outcome(() => pipe.transform(structuredClone(body), METADATA))).toStrictEqual(expected);
  });
});
