import type { SeededRandom } from './seeded-random';

type Path = Array<string | number>;

/** Values of the wrong type, or of the right type just outside what some rule allows. */
const ODD_VALUES: unknown[] = [
  null,
  undefined,
  0,
  -1,
  1.5,
  -0,
  2 ** 53,
  1e308,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  '',
  ' ',
  'x',
  'A'.repeat(65),
  'a'.repeat(201),
  '\uFE0F',
  '😀'.repeat(64),
  'SKU-1\n',
  'sku-1',
  'us',
  'ZZ',
  'U\u0301S',
  '00000000-0000-0000-0000-000000000000',
  'urn:uuid:7b0f2a5e-4c1d-4e8a-9f3b-2d6c8e1a0b4c',
  '7B0F2A5E-4C1D-4E8A-9F3B-2D6C8E1A0B4C',
  '2025-01-31T12:00:00Z',
  '2025-01-31 12:00:00Z',
  '2025-13-01T00:00:00.000Z',
  'SUCCESS',
  'success',
  'card',
  true,
  false,
  [],
  {},
  [{}],
  [[]],
  { a: 1 },
  ['x'],
];

/** Property names an attacker or a buggy sender may add; some are special to class-transformer. */
const EXTRA_KEYS = [
  'extra',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '',
  '0',
  'then',
];

/** A deep copy of `payload` with one random change somewhere in it. */
export function mutated(payload: unknown, random: SeededRandom): unknown {
  const copy = structuredClone(payload);
  const paths = pathsOf(copy);
  const path = random.pick(paths);
  const kind = random.int(0, 9);
  if (kind === 0) return removeAt(copy, path);
  if (kind === 1) return addExtraKey(copy, objectPaths(copy, paths), random);
  if (kind === 2) return setAt(copy, path, lengthBoundary(valueAt(copy, path), random));
  if (kind === 3) return setAt(copy, path, numberBoundary(valueAt(copy, path), random));
  if (kind === 4) return arrayChange(copy, paths, random);
  if (kind === 5) return setAt(copy, path, [valueAt(copy, path)]);
  return setAt(copy, path, structuredClone(random.pick(ODD_VALUES)));
}

/** Inputs far past every limit: long strings, long arrays, deep nesting (some past the depth limit). */
export function hugeVariants(payload: unknown, random: SeededRandom): unknown[] {
  const paths = pathsOf(payload);
  const variants: unknown[] = [];
  for (const make of [
    () => 'x'.repeat(1_100_000),
    () => Array.from({ length: 400 }, () => structuredClone(valueAt(payload, random.pick(paths)) ?? 1)),
    () => nested(random.int(20, 31)),
    () => nested(40),
    () => Object.fromEntries(Array.from({ length: 2_000 }, (_, index) => [`k${index}`, index])),
  ]) {
    variants.push(setAt(structuredClone(payload), random.pick(paths), make()));
  }
  return variants;
}

function nested(levels: number): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < levels; level += 1) value = level % 2 === 0 ? { a: value } : [value];
  return value;
}

function lengthBoundary(value: unknown, random: SeededRandom): unknown {
  if (typeof value !== 'string') return random.pick(ODD_VALUES);
  const lengths = [
    0,
    1,
    value.length - 1,
    value.length + 1,
    31,
    32,
    33,
    63,
    64,
    65,
    199,
    200,
    201,
    1000,
    1001,
  ];
  const length = Math.max(0, random.pick(lengths));
  const filler = random.pick(['a', 'Z', '😀', '\uFE0F', 'e\u0301', '\u0000', '-']);
  return random.chance(0.5)
    ? filler.repeat(length)
    : value + filler.repeat(Math.max(0, length - value.length));
}

function numberBoundary(value: unknown, random: SeededRandom): unknown {
  if (typeof value !== 'number') return random.pick(ODD_VALUES);
  return random.pick([
    value - 1,
    value + 1,
    value + 0.5,
    -value,
    0,
    -1,
    1000,
    1001,
    100_000_000,
    100_000_001,
    1_000_000_000,
    1_000_000_001,
    10_000_000_000_000,
    10_000_000_000_001,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 2,
  ]);
}

function arrayChange(payload: unknown, paths: Path[], random: SeededRandom): unknown {
  const arrays = paths.filter((path) => Array.isArray(valueAt(payload, path)));
  if (arrays.length === 0) return setAt(payload, random.pick(paths), []);
  const path = random.pick(arrays);
  const array = valueAt(payload, path) as unknown[];
  const change = random.int(0, 5);
  if (change === 0) array.length = 0;
  else if (change === 1 && array.length > 0) array.push(structuredClone(array[0]));
  else if (change === 2 && array.length > 0) {
    while (array.length <= 101) array.push(structuredClone(array[0]));
  } else if (change === 3 && array.length > 0)
    array[random.int(0, array.length - 1)] = random.pick(ODD_VALUES);
  else if (change === 4 && array.length > 0) {
    // The same key with different other fields: equal for a by-key uniqueness rule only.
    const twin = structuredClone(array[0]) as Record<string, unknown>;
    if (typeof twin === 'object' && twin !== null)
      for (const key of Object.keys(twin))
        if (typeof twin[key] === 'number') twin[key] = (twin[key] as number) === 1 ? 2 : 1;
    array.push(twin);
  } else array.push(random.pick(ODD_VALUES));
  return payload;
}

function addExtraKey(payload: unknown, objects: Path[], random: SeededRandom): unknown {
  const target = valueAt(payload, random.pick(objects)) as object;
  // defineProperty, so `__proto__` becomes an own key as JSON.parse makes it.
  Object.defineProperty(target, random.pick(EXTRA_KEYS), {
    value: structuredClone(random.pick(ODD_VALUES)),
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return payload;
}

function removeAt(payload: unknown, path: Path): unknown {
  if (path.length === 0) return {};
  const parent = valueAt(payload, path.slice(0, -1)) as Record<string | number, unknown>;
  const key = path[path.length - 1];
  if (Array.isArray(parent)) parent.splice(key as number, 1);
  else delete parent[key];
  return payload;
}

function setAt(payload: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const parent = valueAt(payload, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path[path.length - 1]] = value;
  return payload;
}

function valueAt(payload: unknown, path: Path): unknown {
  return path.reduce<unknown>((value, key) => (value as Record<string | number, unknown>)[key], payload);
}

/** Every path into `payload`, the root (`[]`) included. */
function pathsOf(payload: unknown, prefix: Path = []): Path[] {
  const paths: Path[] = [prefix];
  if (typeof payload === 'object' && payload !== null) {
    for (const [key, value] of Object.entries(payload)) {
      paths.push(...pathsOf(value, [...prefix, Array.isArray(payload) ? Number(key) : key]));
    }
  }
  return paths;
}

function objectPaths(payload: unknown, paths: Path[]): Path[] {
  return paths.filter((path) => {
    const value = valueAt(payload, path);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  });
}
