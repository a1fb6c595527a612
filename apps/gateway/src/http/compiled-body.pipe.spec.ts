import { ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';
import { OrderRequest, PaymentDetails, sampleOrderRequest } from '@app/contracts';
import { CompiledBodyPipe, GLOBAL_VALIDATION_OPTIONS } from './compiled-body.pipe';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const order = (change: (body: Body) => void = () => undefined): Body => {
  const body = sampleOrderRequest() as unknown as Body;
  change(body);
  return body;
};

/** Bodies either side of the rules, each as the global pipe sees it today. */
const BODIES: Array<[string, unknown]> = [
  ['the sample order', order()],
  ['a one-item order', order((body) => body.items.splice(1))],
  ['an unknown property', order((body) => (body.coupon = 'FREE'))],
  ['an unknown nested property', order((body) => (body.payment.cvv = '123'))],
  ['a missing field', order((body) => delete body.customerId)],
  ['an empty customer id', order((body) => (body.customerId = ''))],
  ['a fractional quantity', order((body) => (body.items[0].quantity = 1.5))],
  ['a quantity as a string', order((body) => (body.items[0].quantity = '2'))],
  ['a duplicate sku', order((body) => body.items.push({ ...body.items[0] }))],
  ['no items', order((body) => (body.items = []))],
  ['items that are not objects', order((body) => (body.items = [1, 'two']))],
  ['a lowercase country', order((body) => (body.shippingAddress.country = 'us'))],
  ['payment as an array', order((body) => (body.payment = []))],
  ['a __proto__ key', JSON.parse('{"__proto__": {"x": 1}, "customerId": "c"}')],
  ['a constructor key', order((body) => (body.payment = { constructor: 'x', method: 'card', token: 't' }))],
  ['an empty object', {}],
  ['an array', [order()]],
  ['a string', 'order'],
  ['null', null],
  ['nothing', undefined],
];

const METADATA: ArgumentMetadata = { type: 'custom', metatype: undefined, data: undefined };
const globalPipe = new ValidationPipe(GLOBAL_VALIDATION_OPTIONS);
const asGlobalPipe = (body: unknown) =>
  globalPipe.transform(structuredClone(body), { type: 'body', metatype: OrderRequest, data: undefined });
const outcome = async (run: () => unknown) => {
  try {
    return { value: await run() };
  } catch (error) {
    return { error: (error as BadRequestException).getResponse?.() ?? error };
  }
};

describe('CompiledBodyPipe', () => {
  const pipe = new CompiledBodyPipe(OrderRequest);

  it.each(BODIES)('answers %s as the global ValidationPipe does', async (_case, body) => {
    const expected = await outcome(() => asGlobalPipe(body));
    const actual = await outcome(() => pipe.transform(structuredClone(body), METADATA));
    expect(actual).toStrictEqual(expected);
  });

  it('answers a valid body at once (no class-validator promise) as an OrderRequest with its nested classes', () => {
    const value = pipe.transform(order(), METADATA);
    expect(value).toBeInstanceOf(OrderRequest);
    expect((value as OrderRequest).payment).toBeInstanceOf(PaymentDetails);
  });

  it('refuses an invalid body with the 400 of the global pipe, listing every field error', async () => {
    const body = order((o) => {
      o.currency = 'XXX';
      o.items[0].quantity = 0;
    });
    await expect(pipe.transform(body, METADATA)).rejects.toThrow(BadRequestException);
    expect((await outcome(() => pipe.transform(body, METADATA))).error).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: [
        'currency must be one of the following values: USD, EUR, GBP',
        'items.0.quantity must not be less than 1',
      ],
    });
  });
});
