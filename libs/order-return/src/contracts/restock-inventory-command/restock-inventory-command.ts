import { defineCommand, LineItems, SkuQuantity } from '@app/contracts';
import { IsUUID } from 'class-validator';
import { ReturnScoped } from '../shared/return-scoped';

export class RestockInventoryPayload extends ReturnScoped {
  @LineItems(() => SkuQuantity)
  items: SkuQuantity[];
}

export class RestockInventoryReplyResult {
  @IsUUID()
  returnId: string;
}

export const RestockInventoryCommand = defineCommand({
  service: 'inventory',
  action: 'restock',
  payload: RestockInventoryPayload,
  description: "Add a return's items back to the available stock.",
  result: RestockInventoryReplyResult,
  replyDescription: 'Outcome of inventory.restock.',
});
