import { ApiProperty } from '@nestjs/swagger';
import { MAX_QUANTITY, SKU_PATTERN } from '../validation/limits';
import { Quantity, Sku } from '../validation/field-decorators';

/** A quantity of one stock-keeping unit. */
export class SkuQuantity {
  @ApiProperty({ pattern: SKU_PATTERN.source, example: 'SKU-001' })
  @Sku()
  sku: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_QUANTITY, example: 2 })
  @Quantity()
  quantity: number;
}
