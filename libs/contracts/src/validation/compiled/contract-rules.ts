import type { ClassConstructor } from 'class-transformer';
import {
  ARRAY_MAX_SIZE,
  ARRAY_MIN_SIZE,
  IS_ARRAY,
  IS_IN,
  IS_INT,
  IS_OBJECT,
  IS_OPTIONAL,
  IS_STRING,
  MATCHES,
  MAX,
  MIN,
  ValidationTypes,
  getMetadataStorage,
} from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

/**
 * The class-validator rules a payload class declares, by property, read the way validateSync
 * reads them (inherited ones included). Shared by the support check and the schema it compiles.
 */
export interface PropertyRules {
  owner: ClassConstructor<object>;
  property: string;
  rules: Rule[];
}

export interface Rule {
  /** The constraint's registered name (`isString`, `min`, …), or the validation type for the rest. */
  name: string;
  metadata: ValidationMetadata;
}

/** Rules a JSON schema type keyword states exactly, for the JSON values a message can hold. */
export const TYPE_RULES: Record<string, 'string' | 'integer' | 'object' | 'array'> = {
  [IS_STRING]: 'string',
  [IS_INT]: 'integer',
  [IS_OBJECT]: 'object',
  [IS_ARRAY]: 'array',
};

/**
 * Rules whose JSON schema keyword ignores values of other types (`minimum` passes a string)
 * while class-validator rejects them: exact only beside the type rule named here.
 */
export const RULES_NEEDING_TYPE: Record<string, string> = {
  [MIN]: IS_INT,
  [MAX]: IS_INT,
  [ARRAY_MIN_SIZE]: IS_ARRAY,
  [ARRAY_MAX_SIZE]: IS_ARRAY,
  [MATCHES]: IS_STRING,
};

export const ENUM_RULE = IS_IN;
export const OPTIONAL_RULE = IS_OPTIONAL;
export const NESTED_RULE: string = ValidationTypes.NESTED_VALIDATION;
export const CONDITIONAL_RULE: string = ValidationTypes.CONDITIONAL_VALIDATION;
export const CUSTOM_RULE: string = ValidationTypes.CUSTOM_VALIDATION;

export function ruleName(metadata: ValidationMetadata): string {
  if (metadata.type === CONDITIONAL_RULE && metadata.name === IS_OPTIONAL) return IS_OPTIONAL;
  if (!metadata.constraintCls) return metadata.type;
  return getMetadataStorage().getTargetValidatorConstraints(metadata.constraintCls)[0]?.name ?? metadata.type;
}

/** Every property of `type` that carries a class-validator rule, with those rules. */
export function propertyRules(type: ClassConstructor<object>): PropertyRules[] {
  const byProperty = new Map<string, Rule[]>();
  for (const metadata of getMetadataStorage().getTargetValidationMetadatas(type, '', true, false)) {
    const rules = byProperty.get(metadata.propertyName) ?? [];
    rules.push({ name: ruleName(metadata), metadata });
    byProperty.set(metadata.propertyName, rules);
  }
  return [...byProperty].map(([property, rules]) => ({ owner: type, property, rules }));
}
