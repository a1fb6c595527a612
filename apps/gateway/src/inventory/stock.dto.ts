import { ApiProperty } from '@nestjs/swagger';
import { BoundedInt, MAX_STOCK_UNITS, SKU_PATTERN } from '@app/contracts';

/** Body of `PUT /inventory/{sku}`. */
export class SetStockRequest {
  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_STOCK_UNITS, example: 500 })
  @BoundedInt(0, MAX_STOCK_UNITS)
  available: number;
}

/** The stock of one SKU: units free to reserve, and units held by reservations. */
export class StockView {
  @ApiProperty({ pattern: SKU_PATTERN.source, example: 'SKU-001' }) sku: string;
  @ApiProperty({ type: 'integer' }) available: number;
  @ApiProperty({ type: 'integer' }) reserved: number;
}
