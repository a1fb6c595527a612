/** The demo card processor's test tokens (DESIGN "Demo domain rules"), shared by payment and its callers. */
export const DemoCardTokens = {
  APPROVES: 'tok_visa',
  DECLINED: 'tok_chargeDeclined',
  INSUFFICIENT_FUNDS: 'tok_insufficientFunds',
  /** Fails transiently twice, then approves. */
  PROCESSING_ERROR: 'tok_processingError',
  /** Never answers `payment.authorize`. */
  NEVER_ANSWERS: 'tok_timeout',
  /** Authorizes and captures like `tok_visa`; every `payment.refund` of its payment is declined. */
  REFUND_DECLINED: 'tok_refundDeclined',
} as const;
