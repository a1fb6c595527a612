import { defineCommand, LineItems, SkuQuantity } from '@app/contracts';
import { ReturnScoped } from '../shared/return-scoped';

export class RestockInventoryPayload extends ReturnScoped {
  @LineItems(() => SkuQuantity)
  items: SkuQuantity[];
}

export const RestockInventoryCommand = defineCommand({
  service: 'inventory',
  action: 'restock',
  payload: RestockInventoryPayload,
  description: "Add a return's items back to the available stock.",
});
