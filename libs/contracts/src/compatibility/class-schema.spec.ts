import { Type } from 'class-transformer';
import {
  IsInt,
  Max,
  Min,
  Validate,
  ValidateNested,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { ScheduleShipmentPayload } from '../commands/schedule-shipment/schedule-shipment.command';
import { NestedObject } from '../validation/nested-decorators';
import { classSchema } from './class-schema';

describe('classSchema', () => {
  it('puts every nested class it reaches under definitions, closed to extra properties', () => {
    const schema = classSchema(ScheduleShipmentPayload);
    expect(schema.properties?.address).toEqual({ type: 'object', $ref: '#/definitions/ShippingAddress' });
    expect(schema.properties?.items?.items).toEqual({ type: 'object', $ref: '#/definitions/SkuQuantity' });
    expect(Object.keys(schema.definitions ?? {}).sort()).toEqual(['ShippingAddress', 'SkuQuantity']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.definitions?.SkuQuantity.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['address', 'items', 'orderId']);
  });

  it('keeps integer whatever order Min/Max and IsInt are written in', () => {
    class BoundsFirst {
      @Min(1)
      @Max(5)
      @IsInt()
      count: number;
    }
    class IntFirst {
      @IsInt()
      @Min(1)
      @Max(5)
      count: number;
    }
    const expected = { type: 'integer', minimum: 1, maximum: 5 };
    expect(classSchema(BoundsFirst).properties?.count).toEqual(expected);
    expect(classSchema(IntFirst).properties?.count).toEqual(expected);
  });

  it('refuses two different nested classes with the same name', () => {
    const twin = (): new () => object => {
      class Line {
        @IsInt()
        n: number;
      }
      return Line;
    };
    const [first, second] = [twin(), twin()];
    class Holder {
      @NestedObject(() => first)
      a: object;
      @NestedObject(() => second)
      b: object;
    }
    expect(() => classSchema(Holder)).toThrow('two different contract classes are named Line; rename one');
  });

  it('refuses a nested property not declared with @NestedObject/@NestedArray', () => {
    class Inner {
      @IsInt()
      n: number;
    }
    class Outer {
      @ValidateNested()
      @Type(() => Inner)
      inner: Inner;
    }
    expect(() => classSchema(Outer)).toThrow(
      'Outer.inner: declare nested properties with @NestedObject/@NestedArray',
    );
  });

  it('refuses a validator it has no JSON schema for, rather than guessing', () => {
    class Even implements ValidatorConstraintInterface {
      validate(value: unknown): boolean {
        return typeof value === 'number' && value % 2 === 0;
      }
    }
    class WithCustom {
      @Validate(Even)
      n: number;
    }
    expect(() => classSchema(WithCustom)).toThrow(
      "no JSON schema converter for validator 'customValidation'",
    );
  });
});
