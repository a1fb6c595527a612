import type { ClassConstructor } from 'class-transformer';
import { transformedTypeOf } from './class-transformer-metadata';

/** Returned when the input holds a key plainToInstance treats specially: the caller asks it instead. */
export const NOT_PLAIN = Symbol('not plain');

type Instance = Record<string, unknown>;

/**
 * What `plainToInstance(type, plain)` builds for a class `unsupportedRules` accepts: a fresh
 * instance of `type`, nested `@Type` properties as instances of their class (arrays element by
 * element), every other value copied as plain data. plainToInstance silently skips keys such as
 * `__proto__`, `constructor` and the names of inherited methods (`toString`), and fails on an
 * untyped object that has a `constructor` key; on any such key this gives NOT_PLAIN instead of
 * imitating that.
 */
export function toInstance<T extends object>(type: ClassConstructor<T>, plain: object): T | typeof NOT_PLAIN {
  return transform(plain, type) as T | typeof NOT_PLAIN;
}

function transform(value: unknown, type: ClassConstructor<object> | undefined): unknown {
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    for (const element of value) {
      const transformed = transform(element, type);
      if (transformed === NOT_PLAIN) return NOT_PLAIN;
      copy.push(transformed);
    }
    return copy;
  }
  if (typeof value !== 'object' || value === null) return value;
  const instance = (type ? new type() : {}) as Instance;
  for (const key of Object.keys(value)) {
    // Inherited names: `__proto__`, `constructor`, `toString`, … (instance fields are own properties).
    if (key in instance && !Object.prototype.hasOwnProperty.call(instance, key)) return NOT_PLAIN;
    const transformed = transform((value as Instance)[key], type && nestedType(type, key));
    if (transformed === NOT_PLAIN) return NOT_PLAIN;
    instance[key] = transformed;
  }
  return instance;
}

const nestedTypes = new WeakMap<
  ClassConstructor<object>,
  Map<string, ClassConstructor<object> | undefined>
>();

function nestedType(owner: ClassConstructor<object>, property: string): ClassConstructor<object> | undefined {
  let byProperty = nestedTypes.get(owner);
  if (!byProperty) nestedTypes.set(owner, (byProperty = new Map()));
  if (!byProperty.has(property)) byProperty.set(property, transformedTypeOf(owner, property));
  return byProperty.get(property);
}
