import { ApiProperty } from '@nestjs/swagger';
import { BoundedInt } from '../validation/field-decorators';
import { MAX_UNIT_PRICE_CENTS } from '../validation/limits';
import { SkuQuantity } from './sku-quantity';

/** One line of an order: a SKU, how many, and the price of one unit. */
export class OrderItem extends SkuQuantity {
  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_UNIT_PRICE_CENTS, example: 1299 })
  @BoundedInt(0, MAX_UNIT_PRICE_CENTS)
  unitPriceCents: number;
}
