import type { ClassConstructor } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';
import { composeDecorators } from '../validation/compose-decorators';
import { BoundedString } from '../validation/field-decorators';
import { MAX_ID_LENGTH, MAX_REASON_LENGTH } from '../validation/limits';
import { NestedObject } from '../validation/nested-decorators';

export const ReplyOutcome = {
  SUCCESS: 'SUCCESS',
  /** A final "no" (declined, out of stock): the saga compensates at once. */
  BUSINESS_FAILURE: 'BUSINESS_FAILURE',
  /** Worth retrying: the saga retries the step per its policy before compensating. */
  TRANSIENT_FAILURE: 'TRANSIENT_FAILURE',
} as const;
export type ReplyOutcome = (typeof ReplyOutcome)[keyof typeof ReplyOutcome];

export class ReplyError {
  /** Usually one of `FailureCodes`; left open so a participant can report codes not listed there. */
  @BoundedString(MAX_ID_LENGTH)
  code: string;

  @BoundedString(MAX_REASON_LENGTH)
  message: string;
}

/**
 * Base of every reply payload. Each reply adds its own typed `result` (with `@ReplyResult`),
 * present on SUCCESS; `error` explains a failure.
 */
export class ReplyPayload {
  @IsIn(Object.values(ReplyOutcome))
  outcome: ReplyOutcome;

  @IsOptional()
  @NestedObject(() => ReplyError)
  error?: ReplyError;
}

/** The optional, typed `result` property of a reply payload. */
export function ReplyResult(type: () => ClassConstructor<object>): PropertyDecorator {
  return composeDecorators(IsOptional(), NestedObject(type));
}
