import { IsIn } from 'class-validator';
import { defineEvent } from '../../contract-builders';
import { Currency } from '../../shared/domain-values';
import { LineItems } from '../../shared/line-items';
import { OrderItem } from '../../shared/order-item';
import { OrderScoped } from '../../shared/order-scoped';
import { BoundedInt, BoundedString } from '../../validation/field-decorators';
import { MAX_ID_LENGTH, MAX_ORDER_TOTAL_CENTS } from '../../validation/limits';

export class OrderCreatedPayload extends OrderScoped {
  @BoundedString(MAX_ID_LENGTH)
  customerId: string;

  @IsIn(Object.values(Currency))
  currency: Currency;

  @LineItems(() => OrderItem)
  items: OrderItem[];

  @BoundedInt(0, MAX_ORDER_TOTAL_CENTS)
  totalCents: number;
}

export const OrderCreatedEvent = defineEvent({
  service: 'order',
  entity: 'order',
  action: 'created',
  payload: OrderCreatedPayload,
  description: 'An order was recorded in status PENDING.',
});
