import { IsIn, IsOptional } from 'class-validator';
import { defineQuery } from '../../contract-builders';
import { Currency, OrderStatus } from '../../shared/domain-values';
import { LineItems } from '../../shared/line-items';
import { OrderItem } from '../../shared/order-item';
import { OrderScoped } from '../../shared/order-scoped';
import { BoundedInt, BoundedString, Timestamp } from '../../validation/field-decorators';
import { MAX_ID_LENGTH, MAX_ORDER_TOTAL_CENTS } from '../../validation/limits';
import { NestedArray } from '../../validation/nested-decorators';
import { MAX_RETURNS_IN_ORDER_VIEW, OrderReturnSummary } from './order-return-summary';

export * from './order-return-summary';

export class GetOrderPayload extends OrderScoped {}

export class GetOrderResult extends OrderScoped {
  @IsIn(Object.values(OrderStatus))
  status: OrderStatus;

  @BoundedString(MAX_ID_LENGTH)
  customerId: string;

  @IsIn(Object.values(Currency))
  currency: Currency;

  @LineItems(() => OrderItem)
  items: OrderItem[];

  @BoundedInt(0, MAX_ORDER_TOTAL_CENTS)
  totalCents: number;

  @Timestamp()
  createdAt: string;

  @Timestamp()
  updatedAt: string;

  /**
   * The order's returns, oldest first (the newest `MAX_RETURNS_IN_ORDER_VIEW`); an empty list when it
   * has none. Optional: an order service from before returns leaves it out.
   */
  @IsOptional()
  @NestedArray(() => OrderReturnSummary, { min: 0, max: MAX_RETURNS_IN_ORDER_VIEW })
  returns?: OrderReturnSummary[];
}

export const GetOrderQuery = defineQuery({
  service: 'order',
  name: 'get',
  payload: GetOrderPayload,
  result: GetOrderResult,
  description: 'The order with its items; null when no such order exists.',
});
