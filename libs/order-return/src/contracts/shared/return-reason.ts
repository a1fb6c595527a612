import { BoundedString, MAX_TEXT_LENGTH } from '@app/contracts';

/** Why the customer returns the items: 1–200 characters (DESIGN "Order returns"). */
export const MAX_RETURN_REASON_LENGTH = MAX_TEXT_LENGTH;

export function ReturnReason(): PropertyDecorator {
  return BoundedString(MAX_RETURN_REASON_LENGTH);
}
