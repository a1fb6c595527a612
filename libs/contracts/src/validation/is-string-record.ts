import { ValidateBy, buildMessage, type ValidationOptions } from 'class-validator';

export const IS_STRING_RECORD = 'isStringRecord';

export function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((entry) => typeof entry === 'string')
  );
}

/** A plain object whose values are all strings, e.g. message headers. */
export function IsStringRecord(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: IS_STRING_RECORD,
      validator: {
        validate: (value) => isStringRecord(value),
        defaultMessage: buildMessage(() => '$property must be an object of string values', options),
      },
    },
    options,
  );
}
