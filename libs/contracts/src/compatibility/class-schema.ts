import type { ClassConstructor } from 'class-transformer';
import { IS_ISO31661_ALPHA_2, IS_RFC_3339, MAX, MIN, ValidationTypes } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { targetConstructorToSchema } from 'class-validator-jsonschema';
import type { ISchemaConverters } from 'class-validator-jsonschema/build/defaultConverters';
import { IS_STRING_RECORD } from '../validation/is-string-record';
import { nestedTypeOf } from '../validation/nested-decorators';
import type { JsonSchema } from './json-schema';

// Not exported from the package index: the snapshot script and tests use it, and so does the
// compiled payload validation (validation/compiled), which is why class-validator-jsonschema is a
// runtime dependency.

const REF_PREFIX = '#/definitions/';

/**
 * The JSON schema of a payload class, with every nested class it reaches under `definitions`.
 * It reads only class-validator metadata and our own nested-type records, never TypeScript's
 * emitted `design:type`, so it is the same under jest (swc) and tsx (esbuild, no metadata).
 * `overrides` replace the converters of the rules they name (nested classes are always `$ref`s).
 */
export function classSchema(root: ClassConstructor<object>, overrides: ISchemaConverters = {}): JsonSchema {
  const classesByName = new Map<string, ClassConstructor<object>>();
  const pending: ClassConstructor<object>[] = [];
  const reach = (type: ClassConstructor<object>): string => {
    const known = classesByName.get(type.name);
    if (known && known !== type) {
      throw new Error(`two different contract classes are named ${type.name}; rename one`);
    }
    if (!known) {
      classesByName.set(type.name, type);
      pending.push(type);
    }
    return REF_PREFIX + type.name;
  };
  const { [ValidationTypes.NESTED_VALIDATION]: _nested, ...otherOverrides } = overrides;
  const options = {
    refPointerPrefix: REF_PREFIX,
    additionalConverters: { ...converters(reach), ...otherOverrides },
  };

  const schema = objectSchema(root, options);
  const definitions: Record<string, JsonSchema> = {};
  for (let type = pending.shift(); type; type = pending.shift()) {
    definitions[type.name] = objectSchema(type, options);
  }
  return Object.keys(definitions).length > 0 ? { ...schema, definitions } : schema;
}

function converters(reach: (type: ClassConstructor<object>) => string): ISchemaConverters {
  return {
    [ValidationTypes.NESTED_VALIDATION]: (meta: ValidationMetadata) => {
      const owner = meta.target as ClassConstructor<object>;
      const type = nestedTypeOf(owner, meta.propertyName);
      if (!type) {
        throw new Error(
          `${owner.name}.${meta.propertyName}: declare nested properties with @NestedObject/@NestedArray`,
        );
      }
      return { $ref: reach(type) };
    },
    // The library's default guesses from design:type (absent under tsx); refuse to guess instead.
    [ValidationTypes.CUSTOM_VALIDATION]: (meta: ValidationMetadata) => {
      throw new Error(`no JSON schema converter for validator '${meta.type}'; add one in class-schema.ts`);
    },
    // The defaults also set `type: number`, which would override `integer` depending on decorator order.
    [MIN]: (meta: ValidationMetadata) => ({ minimum: meta.constraints[0] as number }),
    [MAX]: (meta: ValidationMetadata) => ({ maximum: meta.constraints[0] as number }),
    [IS_RFC_3339]: () => ({ type: 'string', format: 'date-time' }),
    [IS_ISO31661_ALPHA_2]: () => ({ type: 'string', format: 'iso3166-1-alpha-2' }),
    [IS_STRING_RECORD]: () => ({ type: 'object', additionalProperties: { type: 'string' } }),
  };
}

/** Closed to extra properties, as validatePayload (forbidNonWhitelisted) enforces. */
function objectSchema(
  type: ClassConstructor<object>,
  options: Parameters<typeof targetConstructorToSchema>[1],
): JsonSchema {
  const schema = JSON.parse(JSON.stringify(targetConstructorToSchema(type, options))) as JsonSchema;
  const required = schema.required && [...schema.required].sort();
  return { ...schema, ...(required && { required }), additionalProperties: false };
}
