import { defineEvent } from '../../contract-builders';
import { StockLevel } from '../../shared/stock-level';

/** The stock of a SKU after an operator set it (no order involved). */
export class StockSetPayload extends StockLevel {}

export const StockSetEvent = defineEvent({
  service: 'inventory',
  entity: 'stock',
  action: 'set',
  payload: StockSetPayload,
  description: 'An operator set the available stock of a SKU.',
});
