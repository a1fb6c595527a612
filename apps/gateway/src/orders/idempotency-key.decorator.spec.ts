import { BadRequestException } from '@nestjs/common';
import { parseIdempotencyKey } from './idempotency-key.decorator';

describe('parseIdempotencyKey', () => {
  it('accepts no header, and keys of 1 to 200 characters as they are', () => {
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
    expect(parseIdempotencyKey('k')).toBe('k');
    expect(parseIdempotencyKey('x'.repeat(200))).toBe('x'.repeat(200));
    expect(parseIdempotencyKey('order 42 / ünïcode')).toBe('order 42 / ünïcode');
  });

  it.each([
    ['empty', ''],
    ['201 characters', 'x'.repeat(201)],
  ])('rejects an %s key with 400 naming the header', (_case, key) => {
    expect(() => parseIdempotencyKey(key)).toThrow(BadRequestException);
    try {
      parseIdempotencyKey(key);
    } catch (error) {
      expect((error as BadRequestException).getResponse()).toMatchObject({
        message: ['Idempotency-Key header must be 1-200 characters long'],
      });
    }
  });
});
