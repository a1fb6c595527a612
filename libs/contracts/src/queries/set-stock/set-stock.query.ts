import { defineQuery } from '../../contract-builders';
import { StockLevel } from '../../shared/stock-level';
import { BoundedInt, Sku } from '../../validation/field-decorators';
import { MAX_STOCK_UNITS } from '../../validation/limits';

export class SetStockPayload {
  @Sku()
  sku: string;

  @BoundedInt(0, MAX_STOCK_UNITS)
  available: number;
}

export class SetStockResult extends StockLevel {}

/** A command in effect, sent as request-reply because the operator waits for the new level. */
export const SetStockQuery = defineQuery({
  service: 'inventory',
  name: 'set-stock',
  payload: SetStockPayload,
  result: SetStockResult,
  description: 'Set the available stock of a SKU (creating it if new) and answer its new level.',
});
