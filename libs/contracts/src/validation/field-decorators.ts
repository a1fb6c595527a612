import {
  IsInt,
  IsISO31661Alpha2,
  IsRFC3339,
  IsString,
  IsUppercase,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { composeDecorators } from './compose-decorators';
import { MAX_QUANTITY, SKU_PATTERN } from './limits';

/** A non-empty string of at most `maxLength` characters. */
export function BoundedString(maxLength: number): PropertyDecorator {
  return composeDecorators(IsString(), MinLength(1), MaxLength(maxLength));
}

/** An integer in `[min, max]`. */
export function BoundedInt(min: number, max: number): PropertyDecorator {
  return composeDecorators(IsInt(), Min(min), Max(max));
}

export function Sku(): PropertyDecorator {
  return composeDecorators(IsString(), Matches(SKU_PATTERN));
}

export function Quantity(): PropertyDecorator {
  return BoundedInt(1, MAX_QUANTITY);
}

/** A date and time with its offset (RFC 3339), as `Date.toISOString()` writes: `2025-01-31T12:00:00.000Z`. */
export function Timestamp(): PropertyDecorator {
  return IsRFC3339({ message: '$property must be an RFC 3339 date-time, e.g. 2025-01-31T12:00:00.000Z' });
}

/** An ISO 3166-1 alpha-2 code in upper case (the validator alone also accepts `us`). */
export function CountryCode(): PropertyDecorator {
  return composeDecorators(
    IsISO31661Alpha2({ message: '$property must be an ISO 3166-1 alpha-2 country code' }),
    IsUppercase(),
  );
}
