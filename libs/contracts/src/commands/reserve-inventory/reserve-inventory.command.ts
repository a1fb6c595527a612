import { defineCommand } from '../../contract-builders';
import { LineItems } from '../../shared/line-items';
import { OrderScoped } from '../../shared/order-scoped';
import { SkuQuantity } from '../../shared/sku-quantity';

export class ReserveInventoryPayload extends OrderScoped {
  @LineItems(() => SkuQuantity)
  items: SkuQuantity[];
}

export const ReserveInventoryCommand = defineCommand({
  service: 'inventory',
  action: 'reserve',
  payload: ReserveInventoryPayload,
  description: 'Reserve stock for every item of the order, all or nothing.',
});
