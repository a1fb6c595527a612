/** Machine-readable codes a participant puts in `error.code` of a failure reply. */
export const FailureCodes = {
  INSUFFICIENT_STOCK: 'INSUFFICIENT_STOCK',
  PAYMENT_DECLINED: 'PAYMENT_DECLINED',
  INSUFFICIENT_FUNDS: 'INSUFFICIENT_FUNDS',
  PROCESSING_ERROR: 'PROCESSING_ERROR',
  SHIPPING_UNAVAILABLE: 'SHIPPING_UNAVAILABLE',
  UNKNOWN_SKU: 'UNKNOWN_SKU',
  /** The command arrived after its compensation had already run (a tombstone was found). */
  ALREADY_COMPENSATED: 'ALREADY_COMPENSATED',
} as const;
export type FailureCode = (typeof FailureCodes)[keyof typeof FailureCodes];
