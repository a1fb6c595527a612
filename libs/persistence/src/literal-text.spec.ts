import { literalText } from './statement-batch';

describe('literalText', () => {
  it('keeps text, and writes numbers, booleans and bigints as PostgreSQL reads them', () => {
    expect([
      literalText('it’s'),
      literalText(42),
      literalText(-1.5),
      literalText(true),
      literalText(10n),
    ]).toEqual(['it’s', '42', '-1.5', 'true', '10']);
  });

  it('turns null and undefined into NULL, a Date into ISO 8601, an object into JSON', () => {
    expect(literalText(null)).toBeNull();
    expect(literalText(undefined)).toBeNull();
    expect(literalText(new Date('2030-01-02T03:04:05.678Z'))).toBe('2030-01-02T03:04:05.678Z');
    expect(literalText({ a: [1, 'x'] })).toBe('{"a":[1,"x"]}');
  });

  it('writes an array as a PostgreSQL array literal, quoting every element and escaping quotes and backslashes', () => {
    expect(literalText(['SKU-001', 'a "b"', 'back\\slash', null, 3])).toBe(
      '{"SKU-001","a \\"b\\"","back\\\\slash",NULL,"3"}',
    );
    expect(literalText([])).toBe('{}');
  });
});
