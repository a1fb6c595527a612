import { Sku, BoundedInt } from '../validation/field-decorators';
import { MAX_STOCK_UNITS } from '../validation/limits';

/** The stock of one SKU: units free to reserve, and units held by reservations. */
export class StockLevel {
  @Sku()
  sku: string;

  @BoundedInt(0, MAX_STOCK_UNITS)
  available: number;

  @BoundedInt(0, Number.MAX_SAFE_INTEGER)
  reserved: number;
}
