import { MAX_JSON_DEPTH, jsonDepthProblem } from './json-depth';

/** `levels` arrays or objects inside each other, built without recursion. */
export function nested(levels: number, kind: 'object' | 'array' = 'object'): unknown {
  let value: unknown = 1;
  for (let level = 0; level < levels; level += 1) value = kind === 'object' ? { a: value } : [value];
  return value;
}

describe('jsonDepthProblem', () => {
  it.each([null, 1, 'text', true])('accepts the scalar %p', (value) => {
    expect(jsonDepthProblem(value)).toBeUndefined();
  });

  it('accepts nesting up to the limit, of objects and of arrays', () => {
    expect(jsonDepthProblem(nested(MAX_JSON_DEPTH))).toBeUndefined();
    expect(jsonDepthProblem(nested(MAX_JSON_DEPTH, 'array'))).toBeUndefined();
    // The object, its array, the element, the element's array: 4 levels.
    const order = { items: [{ sku: 'A', tags: [] }], address: { city: 'X' } };
    expect(jsonDepthProblem(order, 4)).toBeUndefined();
    expect(jsonDepthProblem(order, 3)).toBe('nests arrays and objects deeper than 3 levels');
  });

  it('refuses one level more', () => {
    expect(jsonDepthProblem(nested(MAX_JSON_DEPTH + 1))).toBe(
      `nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`,
    );
    expect(jsonDepthProblem({ ok: 1, deep: [nested(2)] }, 3)).toBe(
      'nests arrays and objects deeper than 3 levels',
    );
  });

  it('refuses 8,000 and 1,000,000 levels without overflowing the stack', () => {
    expect(jsonDepthProblem(JSON.parse('{"a":'.repeat(8_000) + '1' + '}'.repeat(8_000)))).toBeDefined();
    expect(jsonDepthProblem(nested(1_000_000, 'array'))).toBeDefined();
  });

  it('finds a deep branch among many shallow ones', () => {
    const wide = Array.from({ length: 10_000 }, (_, index) => (index === 9_999 ? nested(40) : { index }));
    expect(jsonDepthProblem({ wide })).toBeDefined();
    expect(jsonDepthProblem({ wide: wide.slice(0, 9_999) })).toBeUndefined();
  });
});
