/** Business failures of the returns saga's commands, put in `error.code` of a failure reply. */
export const OrderReturnFailureCodes = {
  /** `order.request-return`: the order is not APPROVED (unknown, pending or cancelled). */
  RETURN_NOT_ALLOWED: 'RETURN_NOT_ALLOWED',
  /** `order.request-return`: an item's quantity is more than ordered minus what earlier returns hold. */
  RETURN_EXCEEDS_ORDER: 'RETURN_EXCEEDS_ORDER',
  /** `payment.refund`: the card processor refuses the refund (test token `tok_refundDeclined`). */
  REFUND_DECLINED: 'REFUND_DECLINED',
  /** `payment.refund`: the refunds of the payment would pass its captured amount. */
  REFUND_EXCEEDS_CAPTURE: 'REFUND_EXCEEDS_CAPTURE',
} as const;
export type OrderReturnFailureCode = (typeof OrderReturnFailureCodes)[keyof typeof OrderReturnFailureCodes];
