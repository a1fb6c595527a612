/** True when every property in `expected` (recursively) equals the one in `actual`; arrays match element-wise. */
export function matchesSubset(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((item, index) => matchesSubset(actual[index], item))
    );
  }
  if (isRecord(expected)) {
    return (
      isRecord(actual) && Object.entries(expected).every(([key, value]) => matchesSubset(actual[key], value))
    );
  }
  return Object.is(actual, expected);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
