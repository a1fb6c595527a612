import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Currency } from '../domain-values';
import { LineItems } from '../line-items';
import { OrderItem } from '../order-item';
import { ShippingAddress } from '../shipping-address';
import { BoundedString } from '../../validation/field-decorators';
import { MAX_ID_LENGTH, MAX_ITEMS_PER_ORDER } from '../../validation/limits';
import { NestedObject } from '../../validation/nested-decorators';
import { PaymentDetails } from './payment-details';

/** The body of `POST /orders`, and the order a saga starts with (DESIGN "Gateway HTTP"). */
export class OrderRequest {
  @ApiProperty({ minLength: 1, maxLength: MAX_ID_LENGTH, example: 'cust-42' })
  @BoundedString(MAX_ID_LENGTH)
  customerId: string;

  @ApiProperty({ enum: Object.values(Currency), example: Currency.USD })
  @IsIn(Object.values(Currency))
  currency: Currency;

  @ApiProperty({
    type: () => [OrderItem],
    minItems: 1,
    maxItems: MAX_ITEMS_PER_ORDER,
    description: 'Each sku at most once',
  })
  @LineItems(() => OrderItem)
  items: OrderItem[];

  @ApiProperty({ type: () => PaymentDetails })
  @NestedObject(() => PaymentDetails)
  payment: PaymentDetails;

  @ApiProperty({ type: () => ShippingAddress })
  @NestedObject(() => ShippingAddress)
  shippingAddress: ShippingAddress;
}
