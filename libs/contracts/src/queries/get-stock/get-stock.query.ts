import { defineQuery } from '../../contract-builders';
import { StockLevel } from '../../shared/stock-level';
import { Sku } from '../../validation/field-decorators';

export class GetStockPayload {
  @Sku()
  sku: string;
}

export class GetStockResult extends StockLevel {}

export const GetStockQuery = defineQuery({
  service: 'inventory',
  name: 'stock',
  payload: GetStockPayload,
  result: GetStockResult,
  description: 'The stock of one SKU; null when the SKU is unknown.',
});
