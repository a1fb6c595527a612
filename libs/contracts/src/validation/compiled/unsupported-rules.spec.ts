import { Transform, type ClassConstructor } from 'class-transformer';
import {
  IsInt,
  IsString,
  Min,
  Validate,
  ValidateIf,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { classValidatorCheck } from '../class-validator-check';
import { BoundedString } from '../field-decorators';
import { NestedObject } from '../nested-decorators';
import { REJECTED, compiledCheckFor } from './compiled-validator';
import { NOT_PLAIN } from './to-instance';
import { unsupportedRules } from './unsupported-rules';

class Conditional {
  @IsString()
  kind: string;

  @ValidateIf((payload: Conditional) => payload.kind === 'card')
  @IsString()
  token?: string;
}

class Transformed {
  @Transform(({ value }: { value: unknown }) => String(value).trim())
  @BoundedString(5)
  name: string;
}

class LooseBound {
  @Min(1)
  count: number;
}

@ValidatorConstraint({ name: 'lessThanMax' })
class LessThanMax implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    return typeof value === 'number' && value < (args.object as { max: number }).max;
  }
}

class CrossField {
  @IsInt()
  max: number;

  @Validate(LessThanMax)
  value: number;
}

class Outer {
  @NestedObject(() => CrossField)
  inner: CrossField;
}

describe('unsupportedRules / compiledCheckFor', () => {
  it.each<[string, ClassConstructor<object>, string]>([
    ['@ValidateIf', Conditional, 'Conditional.token: @ValidateIf'],
    ['@Transform', Transformed, 'Transformed.name: class-transformer @Transform'],
    ['Min without IsInt', LooseBound, 'LooseBound.count: min without isInt'],
  ])('leaves a class with %s to class-validator alone', (_rule, type, reason) => {
    expect(unsupportedRules(type)).toContain(reason);
    expect(compiledCheckFor(type)).toBeUndefined();
  });

  it('compiles a custom rule by calling it with its owning object, as class-validator does', () => {
    const check = compiledCheckFor(Outer)!;
    expect(check({ inner: { max: 5, value: 4 } })).toBeInstanceOf(Outer);
    expect(check({ inner: { max: 5, value: 5 } })).toBe(REJECTED);
    expect(classValidatorCheck(Outer, { inner: { max: 5, value: 5 } }).ok).toBe(false);
  });

  it('leaves keys plainToInstance treats specially to class-validator', () => {
    const check = compiledCheckFor(Outer)!;
    for (const key of ['__proto__', 'constructor', 'toString']) {
      const input = JSON.parse(`{"inner":{"max":5,"value":4,"${key}":{}}}`) as object;
      expect(check(input)).toBe(NOT_PLAIN);
    }
  });
});
