import { ArrayUnique } from 'class-validator';

/** Every element of the array has a distinct `key` (e.g. no two order items share a `sku`). */
export function ArrayUniqueBy<K extends string>(key: K): PropertyDecorator {
  return ArrayUnique((item: unknown) => keyOf(item, key), {
    message: `$property must not contain duplicate ${key} values`,
  });
}

// Elements without the key are reported by their own nested validation, so they must not also
// count as duplicates of each other: each gets a fresh identity.
function keyOf(item: unknown, key: string): unknown {
  if (typeof item === 'object' && item !== null && key in item) return (item as Record<string, unknown>)[key];
  return Symbol('missing');
}
