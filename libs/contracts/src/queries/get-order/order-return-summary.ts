import { IsIn, IsUUID } from 'class-validator';
import { BoundedInt } from '../../validation/field-decorators';
import { MAX_ORDER_TOTAL_CENTS } from '../../validation/limits';

/** A return's status as the order service records it (the returns saga's contracts name the same values). */
export const OrderReturnStatus = { PENDING: 'PENDING', REFUNDED: 'REFUNDED', REJECTED: 'REJECTED' } as const;
export type OrderReturnStatus = (typeof OrderReturnStatus)[keyof typeof OrderReturnStatus];

/**
 * The most returns an order view lists: the newest ones. Returns hold at least one unit each, so
 * only a flood of rejected requests could pass it.
 */
export const MAX_RETURNS_IN_ORDER_VIEW = 100;

/** One return of an order, as the order view lists it. */
export class OrderReturnSummary {
  @IsUUID()
  returnId: string;

  @IsIn(Object.values(OrderReturnStatus))
  status: OrderReturnStatus;

  /** What the return refunds (or refunded); 0 for a return refused outright. */
  @BoundedInt(0, MAX_ORDER_TOTAL_CENTS)
  refundCents: number;
}
