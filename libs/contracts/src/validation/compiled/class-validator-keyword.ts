import type { FuncKeywordDefinition } from 'ajv';
import { getMetadataStorage, type ValidationArguments } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

/** The schema keyword whose value names class-validator rules to run on the value: `{ "<rule id>": true }`. */
export const CLASS_VALIDATOR_KEYWORD = 'classValidator';

type RuleCheck = (value: unknown, owner: object | undefined) => boolean;

/**
 * Rules the compiled schemas hand back to class-validator, by id. Each runs the rule's own
 * constraint exactly as validateSync does (same arguments, truthy means valid), so custom
 * decorators need no schema translation and cannot drift from it.
 */
export class ClassValidatorRules {
  private readonly checks = new Map<string, RuleCheck>();

  register(metadata: ValidationMetadata): string {
    const id = `rule${this.checks.size}`;
    const constraints = getMetadataStorage().getTargetValidatorConstraints(metadata.constraintCls);
    this.checks.set(id, (value, owner) => {
      const args: ValidationArguments = {
        targetName: owner?.constructor?.name ?? '',
        property: metadata.propertyName,
        object: owner as object,
        value,
        constraints: metadata.constraints,
      };
      return constraints.every((constraint) => Boolean(constraint.instance.validate(value, args)));
    });
    return id;
  }

  keyword(): FuncKeywordDefinition {
    return {
      keyword: CLASS_VALIDATOR_KEYWORD,
      schemaType: 'object',
      errors: false,
      compile: (ids: Record<string, true>) => {
        const checks = Object.keys(ids).map((id) => {
          const check = this.checks.get(id);
          if (!check) throw new Error(`unknown class-validator rule ${id}`);
          return check;
        });
        return (value: unknown, context) => {
          const owner = context?.parentData as object | undefined;
          return checks.every((check) => check(value, owner));
        };
      },
    };
  }
}
