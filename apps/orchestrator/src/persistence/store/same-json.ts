/**
 * Whether `JSON.stringify(a) === JSON.stringify(b)`, without building either string: the store's
 * dirty check on every save. Plain objects and arrays are walked (their keys in the order
 * JSON.stringify writes them, values it leaves out left out here too); anything else that is an
 * object (a Date, a class instance, anything with `toJSON`) is compared by its JSON text.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  return sameJsonValue(a, b, false);
}

/** In an array, a value JSON leaves out of an object (undefined, a function, a symbol) is written `null`. */
function sameJsonValue(a: unknown, b: unknown, inArray: boolean): boolean {
  if (a === b) return true;
  if (!isWalkable(a) || !isWalkable(b)) return textOf(a, inArray) === textOf(b, inArray);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i += 1) if (!sameJsonValue(a[i], b[i], true)) return false;
    return true;
  }
  const aKeys = writtenKeys(a as Record<string, unknown>);
  const bKeys = writtenKeys(b as Record<string, unknown>);
  if (aKeys.length !== bKeys.length) return false;
  for (let i = 0; i < aKeys.length; i += 1) {
    const key = aKeys[i];
    if (key !== bKeys[i]) return false;
    if (!sameJsonValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], false))
      return false;
  }
  return true;
}

/** A plain object or array without `toJSON`: what the walk handles itself. */
function isWalkable(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null || prototype === Array.prototype;
}

/** The keys JSON.stringify writes, in its order: own enumerable string keys whose value it can write. */
function writtenKeys(value: Record<string, unknown>): string[] {
  return Object.keys(value).filter((key) => {
    const v = value[key];
    return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
  });
}

function textOf(value: unknown, inArray: boolean): string | undefined {
  const text = JSON.stringify(value);
  return text === undefined && inArray ? 'null' : text;
}
