import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';

export const MAX_REASON_LENGTH = 500;

/** Why an operator acts: 1–500 characters, not all blank; it goes on the saga's timeline. */
export function OperatorReason(options: { required: boolean }): PropertyDecorator {
  const doc = {
    type: 'string' as const,
    minLength: 1,
    maxLength: MAX_REASON_LENGTH,
    example: 'customer asked to cancel',
  };
  return applyDecorators(
    options.required ? ApiProperty(doc) : ApiPropertyOptional(doc),
    ...(options.required ? [] : [IsOptional()]),
    IsString(),
    Length(1, MAX_REASON_LENGTH),
    Matches(/\S/, { message: 'reason must not be blank' }),
  );
}

/** Body of an operator action whose reason is optional (retry, replay). */
export class OptionalReasonBody {
  @OperatorReason({ required: false })
  reason?: string;
}
