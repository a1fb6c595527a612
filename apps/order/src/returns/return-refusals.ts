/**
 * Refusals of the return commands that come after the request (cancel, complete) because of the
 * state they find. Nothing changes, so a resend is judged afresh; the saga never meets them
 * unless its messages and this service's records disagree.
 */
export const ReturnRefusals = {
  /** `order.complete-return` of a return this order never recorded. */
  RETURN_NOT_FOUND: 'RETURN_NOT_FOUND',
  /** `order.complete-return` of a return that was rejected: it must not be refunded. */
  RETURN_REJECTED: 'RETURN_REJECTED',
  /** `order.cancel-return` after the refund: the pivot was passed, the return stands. */
  RETURN_ALREADY_REFUNDED: 'RETURN_ALREADY_REFUNDED',
} as const;
