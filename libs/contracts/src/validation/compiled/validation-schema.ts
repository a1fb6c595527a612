import type { ClassConstructor } from 'class-transformer';
import {
  ARRAY_MAX_SIZE,
  ARRAY_MIN_SIZE,
  IS_ISO31661_ALPHA_2,
  IS_RFC_3339,
  MATCHES,
  MAX,
  MIN,
} from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import {
  defaultConverters,
  type ISchemaConverters,
} from 'class-validator-jsonschema/build/defaultConverters';
import { classSchema } from '../../compatibility/class-schema';
import type { JsonSchema } from '../../compatibility/json-schema';
import { IS_STRING_RECORD } from '../is-string-record';
import { CLASS_VALIDATOR_KEYWORD } from './class-validator-keyword';
import { CONDITIONAL_RULE, CUSTOM_RULE, ENUM_RULE, NESTED_RULE, TYPE_RULES } from './contract-rules';

const OPTIONAL_MARK = 'x-optional';

/**
 * The schema the compiled validator runs: the contract schema (classSchema), with every rule
 * stated so that it accepts exactly what class-validator accepts. Keywords stand in for rules
 * only where they mean the same on JSON values (type, enum, bounds, sizes, pattern); every other
 * rule is `classValidator`, which calls that rule's own class-validator check (string lengths
 * count as validator.js counts, `isUUID` refuses a `urn:uuid:` prefix, uniqueness is by key).
 * An optional property also accepts null, as @IsOptional does. Call only for a class
 * `unsupportedRules` has nothing against: it relies on that check's guarantees.
 */
export function validationSchema(
  root: ClassConstructor<object>,
  registerRule: (metadata: ValidationMetadata) => string,
): JsonSchema {
  const schema = classSchema(root, exactConverters(registerRule));
  return withNullableOptionals(schema);
}

function exactConverters(registerRule: (metadata: ValidationMetadata) => string): ISchemaConverters {
  const byRuleCheck = (metadata: ValidationMetadata) => ({
    [CLASS_VALIDATOR_KEYWORD]: { [registerRule(metadata)]: true },
  });
  const everyOtherRule = [
    ...Object.keys(defaultConverters),
    CUSTOM_RULE,
    IS_RFC_3339,
    IS_ISO31661_ALPHA_2,
    IS_STRING_RECORD,
  ].filter((name) => name !== NESTED_RULE);
  return {
    ...Object.fromEntries(everyOtherRule.map((name) => [name, byRuleCheck])),
    ...Object.fromEntries(Object.entries(TYPE_RULES).map(([name, type]) => [name, { type }])),
    [ENUM_RULE]: (metadata: ValidationMetadata) => ({ enum: metadata.constraints[0] as unknown[] }),
    [MIN]: (metadata: ValidationMetadata) => ({ minimum: metadata.constraints[0] as number }),
    [MAX]: (metadata: ValidationMetadata) => ({ maximum: metadata.constraints[0] as number }),
    [ARRAY_MIN_SIZE]: (metadata: ValidationMetadata) => ({ minItems: metadata.constraints[0] as number }),
    [ARRAY_MAX_SIZE]: (metadata: ValidationMetadata) => ({ maxItems: metadata.constraints[0] as number }),
    [MATCHES]: (metadata: ValidationMetadata) => ({ pattern: patternSource(metadata.constraints[0]) }),
    [CONDITIONAL_RULE]: () => ({ [OPTIONAL_MARK]: true }),
  };
}

function patternSource(pattern: unknown): string {
  return pattern instanceof RegExp ? pattern.source : String(pattern);
}

function withNullableOptionals(schema: JsonSchema): JsonSchema {
  const definitions = schema.definitions
    ? Object.fromEntries(
        Object.entries(schema.definitions).map(([name, definition]) => [
          name,
          objectWithNullableOptionals(definition),
        ]),
      )
    : undefined;
  return { ...objectWithNullableOptionals(schema), ...(definitions && { definitions }) };
}

function objectWithNullableOptionals(schema: JsonSchema): JsonSchema {
  if (!schema.properties) return schema;
  const properties = Object.fromEntries(
    Object.entries(schema.properties).map(([name, property]) => {
      if (!property[OPTIONAL_MARK]) return [name, property];
      const { [OPTIONAL_MARK]: _mark, ...rules } = property;
      return [name, { anyOf: [{ type: 'null' }, rules] }];
    }),
  );
  return { ...schema, properties };
}
