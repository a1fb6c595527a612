import { sameJson } from './same-json';

/** Each pair: whether sameJson agrees with comparing the two JSON texts. */
const pairs: [string, unknown, unknown][] = [
  ['equal primitives', 1, 1],
  ['different primitives', 'a', 'b'],
  ['NaN and null (both null in JSON)', NaN, null],
  ['-0 and 0', -0, 0],
  ['a number and its string', 1, '1'],
  ['equal nested objects', { a: 1, b: { c: [1, 'x', null] } }, { a: 1, b: { c: [1, 'x', null] } }],
  ['a nested difference', { a: 1, b: { c: [1, 'x', null] } }, { a: 1, b: { c: [1, 'y', null] } }],
  ['the same keys in another order', { a: 1, b: 2 }, { b: 2, a: 1 }],
  ['an undefined value and no key', { a: 1, b: undefined }, { a: 1 }],
  ['a function value and no key', { a: 1, f: () => 1 }, { a: 1 }],
  ['undefined and null in an array', [undefined], [null]],
  ['a function and null in an array', [() => 1], [null]],
  ['arrays of other lengths', [1, 2], [1, 2, 3]],
  ['an array and an object with its indices', [1], { 0: 1 }],
  ['an empty object and an empty array', {}, []],
  ['equal dates', new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z')],
  ['other dates', new Date('2026-01-01T00:00:00Z'), new Date('2026-01-02T00:00:00Z')],
  ['a date and its ISO text', { at: new Date('2026-01-01T00:00:00Z') }, { at: '2026-01-01T00:00:00.000Z' }],
  [
    'a class instance and a plain object alike',
    new (class {
      a = 1;
    })(),
    { a: 1 },
  ],
  ['an object without prototype and a plain one', Object.assign(Object.create(null), { a: 1 }), { a: 1 }],
  ['a Map and an empty object', new Map([['a', 1]]), {}],
  ['null and an object', null, {}],
  ['undefined at the top and a function', undefined, () => 1],
  ['integer-like keys, ordered by JSON', { 2: 'b', 1: 'a' }, { 1: 'a', 2: 'b' }],
];

describe('sameJson', () => {
  it.each(pairs)('agrees with the JSON texts: %s', (_name, a, b) => {
    const expected = JSON.stringify(a) === JSON.stringify(b);
    expect(sameJson(a, b)).toBe(expected);
    expect(sameJson(b, a)).toBe(expected);
  });

  it('tells apart the pairs it should (the table is not all equal)', () => {
    const verdicts = pairs.map(([, a, b]) => sameJson(a, b));
    expect(verdicts).toContain(true);
    expect(verdicts).toContain(false);
  });
});
