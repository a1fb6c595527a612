import { IsUUID } from 'class-validator';
import { defineCommand } from '../../contract-builders';
import { LineItems } from '../../shared/line-items';
import { OrderScoped } from '../../shared/order-scoped';
import { SkuQuantity } from '../../shared/sku-quantity';

export class ReserveInventoryPayload extends OrderScoped {
  @LineItems(() => SkuQuantity)
  items: SkuQuantity[];
}

export class ReserveInventoryReplyResult {
  @IsUUID()
  reservationId: string;
}

export const ReserveInventoryCommand = defineCommand({
  service: 'inventory',
  action: 'reserve',
  payload: ReserveInventoryPayload,
  description: 'Reserve stock for every item of the order, all or nothing.',
  result: ReserveInventoryReplyResult,
  replyDescription: 'Outcome of inventory.reserve; INSUFFICIENT_STOCK or UNKNOWN_SKU on business failure.',
});
