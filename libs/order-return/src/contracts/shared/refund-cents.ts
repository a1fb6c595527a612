import { BoundedInt, MAX_ORDER_TOTAL_CENTS } from '@app/contracts';

/**
 * An amount of a refund in cents: at most what the largest order can cost. Zero is allowed,
 * since an order may hold free items and returning them refunds nothing.
 */
export function RefundCents(): PropertyDecorator {
  return BoundedInt(0, MAX_ORDER_TOTAL_CENTS);
}
