import 'reflect-metadata';
import { Type, type ClassConstructor } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject, ValidateNested } from 'class-validator';
import { composeDecorators } from './compose-decorators';

type NestedTypeFn = () => ClassConstructor<object>;

// Recorded here rather than read back from class-transformer, whose metadata storage has no typed
// public entry point; the JSON schema generator needs the nested class of every nested property.
const nestedTypes = new WeakMap<object, Map<string | symbol, NestedTypeFn>>();

function recordNestedType(type: NestedTypeFn): PropertyDecorator {
  return (target, propertyKey) => {
    const byProperty = nestedTypes.get(target.constructor) ?? new Map<string | symbol, NestedTypeFn>();
    byProperty.set(propertyKey, type);
    nestedTypes.set(target.constructor, byProperty);
  };
}

/** The class a `@NestedObject`/`@NestedArray` property holds, or undefined if it is not one. */
export function nestedTypeOf(owner: object, propertyName: string): ClassConstructor<object> | undefined {
  return nestedTypes.get(owner)?.get(propertyName)?.();
}

/** A single nested object validated as an instance of `type` (arrays and primitives rejected). */
export function NestedObject(type: NestedTypeFn): PropertyDecorator {
  return composeDecorators(IsObject(), ValidateNested(), Type(type), recordNestedType(type));
}

/** An array of `size.min`..`size.max` nested objects, each validated as an instance of `type`. */
export function NestedArray(type: NestedTypeFn, size: { min: number; max: number }): PropertyDecorator {
  return composeDecorators(
    IsArray(),
    ArrayMinSize(size.min),
    ArrayMaxSize(size.max),
    // ValidateNested alone walks into an array element that is itself an array, and would accept [[item]].
    IsObject({ each: true }),
    ValidateNested({ each: true }),
    Type(type),
    recordNestedType(type),
  );
}
