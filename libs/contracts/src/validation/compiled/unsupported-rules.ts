import type { ClassConstructor } from 'class-transformer';
import { getMetadataStorage } from 'class-validator';
import { nestedTypeOf } from '../nested-decorators';
import { transformedTypeOf, transformerExtras } from './class-transformer-metadata';
import {
  CONDITIONAL_RULE,
  CUSTOM_RULE,
  ENUM_RULE,
  NESTED_RULE,
  OPTIONAL_RULE,
  RULES_NEEDING_TYPE,
  TYPE_RULES,
  propertyRules,
  type PropertyRules,
  type Rule,
} from './contract-rules';

/**
 * Why the compiled schema of `root` could accept something class-validator rejects, or change
 * the payload plainToInstance builds; empty when it is exact. A class with any reason is left to
 * class-validator alone: rules outside this list are never approximated.
 */
export function unsupportedRules(root: ClassConstructor<object>): string[] {
  const reasons: string[] = [];
  const seen = new Set<ClassConstructor<object>>();
  const pending = [root];
  for (let type = pending.pop(); type; type = pending.pop()) {
    if (seen.has(type)) continue;
    seen.add(type);
    const properties = propertyRules(type);
    // validateSync refuses an object whose class declares no rule at all (forbidUnknownValues).
    if (properties.length === 0) reasons.push(`${type.name} declares no rule`);
    for (const property of properties) {
      reasons.push(
        ...propertyProblems(property).map((problem) => `${type.name}.${property.property}: ${problem}`),
      );
      const nested = property.rules.some((rule) => rule.name === NESTED_RULE)
        ? nestedTypeOf(
            property.rules.find((rule) => rule.name === NESTED_RULE)!.metadata.target as object,
            property.property,
          )
        : undefined;
      if (nested) pending.push(nested);
    }
  }
  return reasons;
}

function propertyProblems({ owner, property, rules }: PropertyRules): string[] {
  const problems = rules.flatMap((rule) => ruleProblems(rule, rules));
  const names = new Set(rules.map((rule) => rule.name));
  const types = new Set(
    rules.filter((rule) => !rule.metadata.each && TYPE_RULES[rule.name]).map((rule) => rule.name),
  );
  if (types.size > 1) problems.push(`more than one type rule (${[...types].join(', ')})`);
  const extras = transformerExtras(owner, property);
  if (extras) problems.push(`class-transformer ${extras}`);
  const transformed = transformedTypeOf(owner, property);
  if (names.has(NESTED_RULE)) {
    const declaring = rules.find((rule) => rule.name === NESTED_RULE)!.metadata.target as object;
    const nested = nestedTypeOf(declaring, property);
    if (!nested) problems.push('a nested property not declared with @NestedObject/@NestedArray');
    else if (transformed !== nested) problems.push('its @Type differs from the nested class it validates');
  } else if (transformed) {
    problems.push('a @Type without nested validation');
  }
  return problems;
}

function ruleProblems(rule: Rule, siblings: Rule[]): string[] {
  const { name, metadata } = rule;
  const problems: string[] = [];
  if (metadata.validateIf) problems.push(`${name} has a validateIf condition`);
  if (metadata.each && !(name === NESTED_RULE || TYPE_RULES[name])) problems.push(`${name} with each`);
  if (metadata.each && !siblings.some((sibling) => sibling.name === 'isArray' && !sibling.metadata.each)) {
    problems.push(`${name} with each on a property that need not be an array`);
  }
  const neededType = RULES_NEEDING_TYPE[name];
  if (neededType && !siblings.some((sibling) => sibling.name === neededType && !sibling.metadata.each)) {
    problems.push(`${name} without ${neededType}`);
  }
  // ValidateNested walks into an array given for a single object; the schema's $ref refuses it.
  if (name === NESTED_RULE && !metadata.each && !siblings.some((sibling) => sibling.name === 'isObject')) {
    problems.push('nested validation without isObject');
  }
  if (name === ENUM_RULE && !(metadata.constraints[0] as unknown[]).every(isPrimitive)) {
    problems.push('isIn with non-primitive values');
  }
  if (name === 'matches' && !plainPattern(metadata.constraints))
    problems.push('matches with regular-expression flags');
  if (metadata.type === CONDITIONAL_RULE && name !== OPTIONAL_RULE) problems.push('@ValidateIf');
  if (metadata.type !== CUSTOM_RULE && metadata.type !== NESTED_RULE && metadata.type !== CONDITIONAL_RULE) {
    problems.push(`the ${metadata.type} rule`);
  }
  if (metadata.type === CUSTOM_RULE) {
    const constraints = getMetadataStorage().getTargetValidatorConstraints(metadata.constraintCls);
    if (constraints.length === 0) problems.push(`${name} has no validator`);
    if (constraints.some((constraint) => constraint.async)) problems.push(`${name} is asynchronous`);
  }
  return problems;
}

function isPrimitive(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/** A pattern that means the same to class-validator (`str.match`) and to ajv's `pattern` (no `u`). */
function plainPattern([pattern, modifiers]: unknown[]): boolean {
  if (pattern instanceof RegExp) return pattern.flags === '';
  return typeof pattern === 'string' && !modifiers;
}
