import { BatchSizes } from './batch-sizes';

describe('BatchSizes', () => {
  it('counts each batch in its bucket, at the bucket edges too', () => {
    const sizes = new BatchSizes();
    for (const size of [1, 1, 2, 4, 5, 16, 17, 64]) sizes.record(size);
    expect(sizes.toJSON()).toEqual({ '1': 2, '2-4': 2, '5-16': 2, '17+': 2 });
  });

  it('shows every bucket, empty ones included, in size order', () => {
    expect(JSON.stringify(new BatchSizes())).toBe('{"1":0,"2-4":0,"5-16":0,"17+":0}');
  });

  it('refuses a batch of no message', () => {
    expect(() => new BatchSizes().record(0)).toThrow(RangeError);
    expect(() => new BatchSizes().record(1.5)).toThrow(RangeError);
  });
});
