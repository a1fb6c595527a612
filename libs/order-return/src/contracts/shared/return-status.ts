/** A return's status as the order service records it and the gateway shows it. */
export const ReturnStatus = { PENDING: 'PENDING', REFUNDED: 'REFUNDED', REJECTED: 'REJECTED' } as const;
export type ReturnStatus = (typeof ReturnStatus)[keyof typeof ReturnStatus];
