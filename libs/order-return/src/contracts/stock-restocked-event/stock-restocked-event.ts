import { defineEvent, LineItems, SkuQuantity } from '@app/contracts';
import { ReturnScoped } from '../shared/return-scoped';

export class StockRestockedPayload extends ReturnScoped {
  @LineItems(() => SkuQuantity)
  items: SkuQuantity[];
}

export const StockRestockedEvent = defineEvent({
  service: 'inventory',
  entity: 'stock',
  action: 'restocked',
  payload: StockRestockedPayload,
  description: "A return's items were added back to the available stock.",
});
