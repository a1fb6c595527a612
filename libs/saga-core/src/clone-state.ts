/**
 * A deep copy of saga state, as `structuredClone` makes it, at a fraction of its cost on the
 * small plain objects saga state is made of (the engine copies the state at every transition).
 * Plain objects and arrays are copied here, a Date is copied as a Date; anything else (a class
 * instance, a Map, a value structuredClone refuses) goes to structuredClone, which decides.
 */
export function cloneState<T>(value: T): T {
  return copy(value, 0) as T;
}

/** Deeper than this, the rest goes to structuredClone (which also keeps a cycle a cycle). */
const MAX_DEPTH = 64;

function copy(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) {
    // structuredClone refuses functions and symbols: let it throw as it would.
    return typeof value === 'function' || typeof value === 'symbol' ? structuredClone(value) : value;
  }
  if (depth >= MAX_DEPTH) return structuredClone(value);
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype === Array.prototype) {
    const array = value as unknown[];
    const copied = new Array<unknown>(array.length);
    for (let i = 0; i < array.length; i += 1) if (i in array) copied[i] = copy(array[i], depth + 1);
    return copied;
  }
  if (prototype === Object.prototype || prototype === null) {
    const copied: Record<string, unknown> = {};
    for (const key of Object.keys(value))
      copied[key] = copy((value as Record<string, unknown>)[key], depth + 1);
    return copied;
  }
  if (value instanceof Date) return new Date(value.getTime());
  return structuredClone(value);
}
