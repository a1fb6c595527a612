import { IsIn } from 'class-validator';
import { defineCommand } from '../../contract-builders';
import { Currency, OrderStatus } from '../../shared/domain-values';
import { LineItems } from '../../shared/line-items';
import { OrderItem } from '../../shared/order-item';
import { OrderScoped } from '../../shared/order-scoped';
import { ShippingAddress } from '../../shared/shipping-address';
import { BoundedInt, BoundedString } from '../../validation/field-decorators';
import { MAX_ID_LENGTH, MAX_ORDER_TOTAL_CENTS } from '../../validation/limits';
import { NestedObject } from '../../validation/nested-decorators';

export class CreateOrderPayload extends OrderScoped {
  @BoundedString(MAX_ID_LENGTH)
  customerId: string;

  @IsIn(Object.values(Currency))
  currency: Currency;

  @LineItems(() => OrderItem)
  items: OrderItem[];

  @BoundedInt(0, MAX_ORDER_TOTAL_CENTS)
  totalCents: number;

  @NestedObject(() => ShippingAddress)
  shippingAddress: ShippingAddress;
}

export class CreateOrderReplyResult extends OrderScoped {
  @IsIn([OrderStatus.PENDING])
  status: typeof OrderStatus.PENDING;
}

export const CreateOrderCommand = defineCommand({
  service: 'order',
  action: 'create',
  payload: CreateOrderPayload,
  description: 'Record a new order in status PENDING.',
  result: CreateOrderReplyResult,
  replyDescription: 'Outcome of order.create; the order is PENDING on success.',
});
