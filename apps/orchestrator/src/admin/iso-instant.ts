import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, ValidationArguments, registerDecorator } from 'class-validator';

/**
 * ISO 8601 as an instant: a calendar date (midnight UTC), or a date and time with `Z` or an
 * offset. A time without a zone is refused rather than read in the server's zone.
 */
const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/;

/** The instant `text` names, or undefined when it is not one (`2025-02-30`, `yesterday`, no zone). */
export function parseIsoInstant(text: string): Date | undefined {
  const match = INSTANT.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour = '00', minute = '00', second = '00'] = match;
  const calendar = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  const realDate =
    calendar.getUTCFullYear() === Number(year) &&
    calendar.getUTCMonth() === Number(month) - 1 &&
    calendar.getUTCDate() === Number(day);
  if (!realDate || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return undefined;
  const parsed = new Date(match[4] === undefined ? `${text}T00:00:00Z` : text);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}

/** An optional query parameter holding an ISO 8601 instant (validated; the controller parses it). */
export function IsoInstantQuery(description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      type: 'string',
      format: 'date-time',
      description,
      example: '2025-01-31T12:00:00Z',
    }),
    IsOptional(),
    (target: object, propertyName: string | symbol) =>
      registerDecorator({
        name: 'isIsoInstant',
        target: target.constructor,
        propertyName: String(propertyName),
        validator: {
          validate: (value: unknown) => typeof value === 'string' && parseIsoInstant(value) !== undefined,
          defaultMessage: (args?: ValidationArguments) =>
            `${args?.property ?? 'value'} must be an ISO 8601 date (2025-01-31) or date-time with a zone (2025-01-31T12:00:00Z)`,
        },
      }),
  );
}
